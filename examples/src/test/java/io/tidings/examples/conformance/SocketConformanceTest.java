package io.tidings.examples.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.testing.socketio.SocketIoClient;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Socket.IO suite's reference server as a real client (socket.io-client for Java) finds it: the
 * handshake's auth comes back as {@code auth} on {@code /} and {@code /custom}, {@code message} is answered
 * by {@code message-back} and {@code message-with-ack} by an acknowledgement, binary included.
 */
class SocketConformanceTest {

  private SocketConformance server;

  @BeforeEach
  void start() {
    server = SocketConformance.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "polling"})
  void theMainNamespaceSendsTheAuthBackAndEchoesMessagesAndAcks(String transport) {
    try (SocketIoClient c = SocketIoClient.to(server.port()).transport(transport).auth(Map.of("token", "123")).connect("auth", "message-back")) {
      c.await("connect");
      assertThat(c.await("auth")).isEqualTo("auth [{\"token\":\"123\"}]");

      c.socket.emit("message", "hello", 1, new byte[] {1, 2});
      assertThat(c.await("message-back")).isEqualTo("message-back [\"hello\",1,<0102>]");
      assertThat(c.emitWithAck("message-with-ack", "x", 2)).isEqualTo("[\"x\",2]");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "polling"})
  void theCustomNamespaceSendsTheAuthBack(String transport) {
    try (SocketIoClient c = SocketIoClient.to(server.port()).nsp("/custom").transport(transport).auth(Map.of("token", "abc")).connect("auth")) {
      c.await("connect");
      assertThat(c.await("auth")).isEqualTo("auth [{\"token\":\"abc\"}]");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "polling"})
  void anUnknownNamespaceIsRefused(String transport) {
    try (SocketIoClient c = SocketIoClient.to(server.port()).nsp("/nope").transport(transport).connect()) {
      assertThat(c.await("connect_error")).contains("Invalid namespace");
    }
  }
}
