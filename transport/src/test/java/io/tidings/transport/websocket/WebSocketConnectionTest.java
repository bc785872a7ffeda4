package io.tidings.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.transport.TransportOptions;
import io.tidings.transport.support.EchoProtocol;
import io.tidings.transport.support.RawWebSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket connection's own behaviour, seen from a raw client: control frames, protocol violations
 * (close code, counted), the graceful close, and the slow consumer. The route's limit is 1024 bytes.
 */
class WebSocketConnectionTest {

  EchoProtocol echo;

  @BeforeEach
  void start() {
    echo = EchoProtocol.start(TransportOptions.newBuilder().eventLoopThreads(2).maxBufferedBytes(64 * 1024));
  }

  @AfterEach
  void stop() {
    echo.close();
  }

  RawWebSocket open() throws IOException {
    RawWebSocket ws = RawWebSocket.open(echo.port(), "/ws");
    assertThat(ws.next().text()).startsWith("loop:");
    return ws;
  }

  @Test
  void aPingIsAnsweredWithAPongCarryingItsPayload() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.sendFrame(0x89, "are you there".getBytes(StandardCharsets.UTF_8));
      RawWebSocket.Frame pong = ws.next();
      assertThat(pong.opcode()).isEqualTo(0xA);
      assertThat(pong.text()).isEqualTo("are you there");
    }
  }

  @Test
  void aMessageOverTheLimitClosesWith1009AndIsCounted() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.sendFrame(0x81, "x".repeat(2000).getBytes(StandardCharsets.UTF_8));
      assertThat(ws.awaitCloseCode()).isEqualTo(1009);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> echo.violations.contains("too_big"));
  }

  @Test
  void aFragmentedMessageOverTheLimitClosesWith1009Too() throws IOException {
    try (RawWebSocket ws = open()) {
      byte[] part = "y".repeat(600).getBytes(StandardCharsets.UTF_8);
      ws.sendFrame(0x01, part); // text, not final
      ws.sendFrame(0x80, part); // continuation, final: 1200 bytes in all
      assertThat(ws.awaitCloseCode()).isEqualTo(1009);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> echo.violations.contains("too_big"));
  }

  @Test
  void brokenUtf8ClosesWith1007AndIsCounted() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.sendFrame(0x81, new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28});
      assertThat(ws.awaitCloseCode()).isEqualTo(1007);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> echo.violations.contains("corrupted"));
  }

  @Test
  void aFrameWithReservedBitsClosesWith1002AndIsCounted() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.sendFrame(0xC1, "compressed?".getBytes(StandardCharsets.UTF_8)); // RSV1 without a negotiated extension
      assertThat(ws.awaitCloseCode()).isEqualTo(1002);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> echo.violations.contains("corrupted"));
  }

  @Test
  void aClientsCloseFrameIsAnsweredWithItsCode() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.sendFrame(0x88, new byte[] {0x0f, (byte) 0xa0}); // 4000
      assertThat(ws.awaitCloseCode()).isEqualTo(4000);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> echo.connections.isEmpty());
  }

  @Test
  void theServersCloseSendsItsCodeAndReasonThenOurFin() throws IOException {
    try (RawWebSocket ws = open()) {
      echo.connections.get(0).close(4321, "go away");
      RawWebSocket.Frame close = ws.next();
      assertThat(close.opcode()).isEqualTo(0x8);
      assertThat(close.closeCode()).isEqualTo(4321);
      assertThat(new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8)).isEqualTo("go away");
      assertThat(ws.awaitCloseCode()).as("the stream ends after the close frame").isEqualTo(-1);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> echo.connections.isEmpty());
  }

  @Test
  void framesSentFromAnotherThreadArriveInOrder() throws IOException {
    try (RawWebSocket ws = open()) {
      WebSocketConnection c = echo.connections.get(0);
      for (int i = 0; i < 200; i++) c.sendText(("m" + i).getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < 200; i++) assertThat(ws.next().text()).isEqualTo("m" + i);
    }
  }

  @Test
  void aConsumerThatStopsReadingIsClosedAndCounted() throws IOException {
    try (RawWebSocket stalled = RawWebSocket.open(echo.port(), "/ws", 4096)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> echo.connections.size() == 1);
      WebSocketConnection c = echo.connections.get(0);
      byte[] chunk = new byte[16 * 1024];
      Arrays.fill(chunk, (byte) 'z');
      // The kernel buffers some of it; past the cap (64 KiB queued here) the connection is dropped.
      for (int i = 0; i < 2_000 && echo.slowConsumers.get() == 0; i++) {
        c.sendBinary(chunk);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> echo.slowConsumers.get() == 1);
      assertThat(echo.dropped.get()).isPositive();
      await().atMost(Duration.ofSeconds(5)).until(() -> echo.connections.isEmpty());
    }
  }
}
