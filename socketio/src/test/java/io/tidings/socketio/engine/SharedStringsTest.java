package io.tidings.socketio.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Handshakes that repeat a string keep one instance of it; what they hold stays equal to what was sent. */
class SharedStringsTest {

  @Test
  void anEqualStringComesBackAsTheFirstInstance() {
    String first = new String("transport-websocket-shared-test");
    String second = new String("transport-websocket-shared-test");
    assertThat(SharedStrings.share(first)).isSameAs(first);
    assertThat(SharedStrings.share(second)).isSameAs(first);
  }

  @Test
  void aLongStringIsNotKept() {
    String longer = "x".repeat(SharedStrings.MAX_LENGTH + 1);
    String copy = new String(longer);
    assertThat(SharedStrings.share(longer)).isSameAs(longer);
    assertThat(SharedStrings.share(copy)).isSameAs(copy);
    assertThat(SharedStrings.share(null)).isNull();
  }

  @Test
  void twoHandshakesShareTheirRepeatedStringsButNotTheWebSocketKey() {
    HandshakeRequest a = request("key-a");
    HandshakeRequest b = request("key-b");
    assertThat(b.url()).isEqualTo("/socket.io/?EIO=4&transport=websocket&token=t").isSameAs(a.url());
    assertThat(b.query()).containsEntry("EIO", "4").containsEntry("transport", "websocket")
        .containsEntry("token", "t").isSameAs(a.query());
    assertThat(b.header("user-agent")).isEqualTo("probe/1.0").isSameAs(a.header("user-agent"));
    assertThat(b.header("sec-websocket-key")).isEqualTo("key-b");
    assertThat(a.header("sec-websocket-key")).isEqualTo("key-a");
    assertThat(b.remoteAddress()).isEqualTo("127.0.0.1").isSameAs(a.remoteAddress());
  }

  private static HandshakeRequest request(String key) {
    HttpHeaders headers = new DefaultHttpHeaders()
        .add("User-Agent", new String("probe/1.0"))
        .add("Sec-WebSocket-Key", key);
    return HandshakeRequest.of(new String("/socket.io/?EIO=4&transport=websocket&token=t"), headers,
        new InetSocketAddress("127.0.0.1", 4000), false, 0);
  }
}
