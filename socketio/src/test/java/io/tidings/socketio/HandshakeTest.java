package io.tidings.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handshake as Node shows it: JavaScript's date string, and the JSON a cluster adapter sends. */
class HandshakeTest {

  @Test
  void theTimeIsWrittenAsJavaScriptsDateToString() {
    // node -e 'console.log(new Date(1764935000123) + "")' with TZ=UTC and TZ=Europe/Paris
    assertThat(Handshake.jsDate(1764935000123L, ZoneId.of("UTC")))
        .isEqualTo("Fri Dec 05 2025 11:43:20 GMT+0000 (Coordinated Universal Time)");
    assertThat(Handshake.jsDate(1764935000123L, ZoneId.of("Europe/Paris")))
        .isEqualTo("Fri Dec 05 2025 12:43:20 GMT+0100 (Central European Standard Time)");
  }

  @Test
  void theJsonHasNodesKeysInNodesOrderAndReadsBack() {
    Handshake h = new Handshake(Map.of("host", "example.org"), "Fri Dec 05 2025 11:43:20 GMT+0000 (Coordinated Universal Time)",
        "127.0.0.1", false, true, 1764935000123L, "/socket.io/?EIO=4&transport=websocket", Map.of("EIO", "4"),
        JsonNodeFactory.instance.objectNode().put("token", "abc"));
    assertThat(h.toJson().toString()).isEqualTo("{\"headers\":{\"host\":\"example.org\"},"
        + "\"time\":\"Fri Dec 05 2025 11:43:20 GMT+0000 (Coordinated Universal Time)\",\"address\":\"127.0.0.1\","
        + "\"xdomain\":false,\"secure\":true,\"issued\":1764935000123,\"url\":\"/socket.io/?EIO=4&transport=websocket\","
        + "\"query\":{\"EIO\":\"4\"},\"auth\":{\"token\":\"abc\"}}");
    assertThat(Handshake.fromJson(h.toJson())).isEqualTo(h);
  }
}
