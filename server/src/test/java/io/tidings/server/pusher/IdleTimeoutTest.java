package io.tidings.server.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The idle close, with {@code SOKETI_WS_IDLE_TIMEOUT=1} (second): a socket with no traffic either way
 * closes with 4201 and no error frame; traffic in either direction keeps it open. Each test runs a
 * silent socket beside the busy one, so the timeout is shown to be live while the busy one survives.
 */
class IdleTimeoutTest {

  /** Nearly two idle timeouts: the silent socket must be gone by then. */
  static final int ROUNDS = 6;
  static final long ROUND_MS = 300;

  @RegisterExtension
  static final TestServer server = TestServer.with(Map.of("SOKETI_WS_IDLE_TIMEOUT", "1"));

  @Test
  void aSilentSocketIsClosedWith4201AndNoErrorFrame() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      assertThat(ws.awaitClose()).isEqualTo(4201);
      assertThat(ws.pending()).isZero();
    }
  }

  @Test
  void framesReceivedFromTheClientKeepTheSocketOpen() throws InterruptedException {
    try (RawWebSocket talker = RawWebSocket.established(server.wsUrl());
         RawWebSocket silent = RawWebSocket.established(server.wsUrl())) {
      for (int i = 0; i < ROUNDS; i++) {
        // pusher:pong is never answered: only frames received count here.
        talker.send("{\"event\":\"pusher:pong\",\"data\":{}}");
        Thread.sleep(ROUND_MS);
      }
      assertThat(silent.awaitClose()).isEqualTo(4201);
      assertThat(talker.isOpen()).isTrue();
      assertThat(talker.pending()).isZero();
    }
  }

  @Test
  void framesSentToTheClientKeepTheSocketOpen() throws InterruptedException {
    SignedApi api = SignedApi.forDefaultApp(server);
    try (RawWebSocket listener = RawWebSocket.established(server.wsUrl());
         RawWebSocket silent = RawWebSocket.established(server.wsUrl())) {
      assertThat(listener.subscribe("ticks")).contains("subscription_succeeded");
      for (int i = 0; i < ROUNDS; i++) {
        api.post("/apps/app-id/events", "{\"name\":\"tick\",\"channel\":\"ticks\",\"data\":\"" + i + "\"}");
        assertThat(listener.nextJson().path("event").asText()).isEqualTo("tick");
        Thread.sleep(ROUND_MS);
      }
      assertThat(silent.awaitClose()).isEqualTo(4201);
      assertThat(listener.isOpen()).isTrue();
    }
  }
}
