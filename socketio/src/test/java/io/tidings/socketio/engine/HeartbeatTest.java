package io.tidings.socketio.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.testing.http.RawHttp;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat with the clock in the test's hands ({@link ManualTimers}): pingInterval 1000 ms,
 * pingTimeout 500 ms, and every step Node's engine.io 6.6 takes.
 */
class HeartbeatTest {

  private ManualTimers timers;
  private EngineTestServer server;
  private Polling polling;

  @BeforeEach
  void start() {
    timers = new ManualTimers();
    server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/")
        .pingInterval(Duration.ofMillis(1000)).pingTimeout(Duration.ofMillis(500)).timers(timers).build());
    polling = new Polling(server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theServerPingsAfterPingIntervalAndAPongStartsTheNextInterval() throws Exception {
    String sid = polling.handshake();
    CompletableFuture<RawHttp.Response> poll = polling.getLater(sid);
    server.awaitPollHeld(sid);

    timers.advance(999);
    assertThat(poll).isNotDone();
    timers.advance(1);
    assertThat(poll.get(10, TimeUnit.SECONDS).text()).isEqualTo("2");

    timers.advance(300);
    assertThat(polling.post(sid, "3").text()).isEqualTo("ok");
    CompletableFuture<RawHttp.Response> next = polling.getLater(sid);
    server.awaitPollHeld(sid);
    timers.advance(999);
    assertThat(next).isNotDone();
    assertThat(server.socket(sid).isOpen()).isTrue();
    timers.advance(1);
    assertThat(next.get(10, TimeUnit.SECONDS).text()).isEqualTo("2");
  }

  @Test
  void noPongWithinPingTimeoutClosesTheSession() throws Exception {
    String sid = polling.handshake();

    timers.advance(1000);
    timers.advance(499);
    assertThat(server.socket(sid).isOpen()).isTrue();
    timers.advance(1);

    assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " ping timeout");
    assertThat(polling.get(sid).text()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
  }

  @Test
  void theFirstOtherPacketWhileAPongIsAwaitedRestartsTheWaitOnce() throws Exception {
    String sid = polling.handshake();
    timers.advance(1000); // ping

    timers.advance(400);
    polling.post(sid, "4first");   // the wait starts over: 500 ms from here
    server.await("text " + sid);
    timers.advance(400);
    polling.post(sid, "4second");  // no second restart
    server.await("text " + sid);
    timers.advance(99);
    assertThat(server.socket(sid).isOpen()).isTrue();
    timers.advance(1);

    assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " ping timeout");
  }

  @Test
  void aPongWithoutAPingPushesTheNextPingBack() throws Exception {
    try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket")) {
      ws.next(); // open
      timers.advance(600);
      ws.send("3");
      ws.send("4sync"); // its echo shows the pong before it was handled
      assertThat(ws.next()).isEqualTo("text:4sync");

      timers.advance(999);
      assertThat(ws.poll(50)).isNull();
      timers.advance(1);
      assertThat(ws.next()).isEqualTo("text:2");
    }
  }

  @Test
  void overWebSocketThePingIsAFrameAndTheTimeoutClosesTheConnection() throws Exception {
    try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket")) {
      ws.next(); // open
      timers.advance(1000);
      assertThat(ws.next()).isEqualTo("text:2");
      ws.send("3");
      ws.send("4sync");
      assertThat(ws.next()).isEqualTo("text:4sync");
      timers.advance(500);
      assertThat(ws.poll(50)).isNull();

      timers.advance(500);
      assertThat(ws.next()).isEqualTo("text:2");
      timers.advance(500);

      assertThat(ws.next()).isEqualTo("close:1000");
      assertThat(server.await("close ")).endsWith(" ping timeout");
    }
  }

  @Test
  void aPingUnansweredAtTheUpgradeGetsAFullPingTimeoutOverTheWebSocket() throws Exception {
    String sid = polling.handshake();
    timers.advance(1000); // the ping waits in the buffer: no poll is held
    try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket&sid=" + sid)) {
      ws.send("2probe");
      assertThat(ws.next()).isEqualTo("text:3probe");
      timers.advance(400);
      ws.send("5");
      assertThat(ws.next()).isEqualTo("text:2"); // the buffered ping leaves over the WebSocket
      server.await("upgrade " + sid);

      timers.advance(499);
      assertThat(server.socket(sid).isOpen()).isTrue();
      timers.advance(1);

      assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " ping timeout");
    }
  }
}
