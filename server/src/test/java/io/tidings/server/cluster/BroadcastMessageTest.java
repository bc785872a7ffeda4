package io.tidings.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Pusher event as a Socket.IO BROADCAST: written as text, read back in one streaming pass. */
class BroadcastMessageTest {

  @Test
  void itIsWrittenAsTheSocketIoAdapterShapesABroadcast() {
    BroadcastMessage m = new BroadcastMessage("app-id", "my-event", "\"{\\\"a\\\":1}\"", List.of("news"), "1.2", null, false);
    assertThat(m.toJson()).isEqualTo(
        "{\"packet\":{\"type\":2,\"data\":[\"my-event\",\"{\\\"a\\\":1}\"]},\"opts\":{\"rooms\":[\"news\"],"
            + "\"except\":[\"1.2\"],\"flags\":{}},\"app\":\"app-id\"}");
  }

  @Test
  void readingGivesBackEveryPartWithDataAndUserIdAsTheirExactText() throws Exception {
    BroadcastMessage m = new BroadcastMessage("a\"pp", "client-é", "{\"x\":[1,2.50,\"q\\\"\"]}",
        List.of("presence-r"), null, "7", true);
    assertThat(BroadcastMessage.read(m.toJson())).isEqualTo(m);
  }

  @Test
  void aStringDataValueIsReadWhole() throws Exception {
    // Jackson decodes strings lazily; the slice must still end after the closing quote.
    String data = "\"line1\\nline2 \\\"quoted\\\" \\u00e9\"";
    BroadcastMessage m = new BroadcastMessage("app-id", "e", data, List.of("c"), null, null, false);
    assertThat(BroadcastMessage.read(m.toJson()).dataJson()).isEqualTo(data);
  }

  @Test
  void aBroadcastWithoutAppOrRoomsIsNotAPusherEvent() throws Exception {
    assertThat(BroadcastMessage.read("{\"packet\":{\"type\":2,\"data\":[\"e\",1]},\"opts\":{\"rooms\":[\"c\"]}}")).isNull();
    assertThat(BroadcastMessage.read("{\"packet\":{\"type\":2,\"data\":[\"e\",1]},\"app\":\"a\"}")).isNull();
  }

  @Test
  void aTreeIsReadLikeText() throws Exception {
    BroadcastMessage m = new BroadcastMessage("app-id", "e", "{\"k\":true}", List.of("c1", "c2"), "9.9", null, true);
    assertThat(BroadcastMessage.read(new ObjectMapper().readTree(m.toJson()))).isEqualTo(m);
  }

  @Test
  void namesAreEscapedAsTheNodeAdapterEscapesThem() throws Exception {
    BroadcastMessage m = new BroadcastMessage("app-id", "e\u000b", null, List.of("c\ud800"), null, null, false);
    assertThat(m.toJson()).isEqualTo("{\"packet\":{\"type\":2,\"data\":[\"e\\u000b\"]},\"opts\":{\"rooms\":[\"c\\ud800\"],"
        + "\"except\":[],\"flags\":{}},\"app\":\"app-id\"}");
    assertThat(BroadcastMessage.read(m.toJson())).isEqualTo(m);
  }
}
