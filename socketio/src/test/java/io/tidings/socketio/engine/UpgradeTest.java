package io.tidings.socketio.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.testing.http.RawHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The upgrade from long-polling to WebSocket, step by step as Node's engine.io 6.6.13 took it when driven
 * by the same raw requests and frames.
 */
class UpgradeTest {

  private EngineTestServer server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private Polling start(EngineTimers timers) {
    server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/").timers(timers).build());
    return new Polling(server.port());
  }

  @Test
  void theProbeIsAnsweredAHeldPollGetsANoopAndTheSessionMovesToTheWebSocket() throws Exception {
    Polling polling = start(EngineTimers.SYSTEM);
    String sid = polling.handshake();
    CompletableFuture<RawHttp.Response> held = polling.getLater(sid);
    server.awaitPollHeld(sid);

    try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket&sid=" + sid)) {
      ws.send("2probe");
      assertThat(ws.next()).isEqualTo("text:3probe");
      assertThat(held.get(10, TimeUnit.SECONDS).text()).isEqualTo("6");

      ws.send("5");
      assertThat(server.await("upgrade " + sid)).isEqualTo("upgrade " + sid + " websocket");
      ws.send("4hello");
      assertThat(ws.next()).isEqualTo("text:4hello");
      assertThat(server.socket(sid).transport()).isEqualTo("websocket");
    }
  }

  @Test
  void packetsQueuedDuringTheUpgradeLeaveOverTheWebSocketInOrder() throws Exception {
    Polling polling = start(EngineTimers.SYSTEM);
    String sid = polling.handshake();
    try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket&sid=" + sid)) {
      ws.send("2probe");
      assertThat(ws.next()).isEqualTo("text:3probe");

      assertThat(polling.post(sid, "4buffered1\u001e4buffered2").text()).isEqualTo("ok"); // echoed while no poll is held
      server.await("text " + sid + " buffered2");
      ws.send("5");

      assertThat(ws.next()).isEqualTo("text:4buffered1");
      assertThat(ws.next()).isEqualTo("text:4buffered2");
    }
  }

  @Test
  void afterTheUpgradePollingRequestsOfTheSessionAreBadRequestsAndASecondWebSocketIsClosed() throws Exception {
    Polling polling = start(EngineTimers.SYSTEM);
    String sid = polling.handshake();
    try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket&sid=" + sid)) {
      ws.send("2probe");
      ws.send("5");
      server.await("upgrade " + sid);

      assertThat(polling.get(sid).text()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
      assertThat(polling.post(sid, "4x").text()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
      try (WsClient second = WsClient.open(server.port(), "EIO=4&transport=websocket&sid=" + sid)) {
        assertThat(second.next()).isEqualTo("close:1000");
      }
      ws.send("4hello");
      assertThat(ws.next()).isEqualTo("text:3probe");
      assertThat(ws.next()).isEqualTo("text:4hello");
    }
  }

  @Test
  void aSecondWebSocketWhileTheFirstProbesIsClosedAndTheFirstCompletes() throws Exception {
    Polling polling = start(EngineTimers.SYSTEM);
    String sid = polling.handshake();
    try (WsClient first = WsClient.open(server.port(), "EIO=4&transport=websocket&sid=" + sid);
         WsClient second = WsClient.open(server.port(), "EIO=4&transport=websocket&sid=" + sid)) {
      assertThat(second.next()).isEqualTo("close:1000");

      first.send("2probe");
      assertThat(first.next()).isEqualTo("text:3probe");
      first.send("5");
      assertThat(server.await("upgrade " + sid)).isEqualTo("upgrade " + sid + " websocket");
    }
  }

  @Test
  void anyOtherPacketOnTheProbeClosesItAndTheSessionStaysOnPolling() throws Exception {
    Polling polling = start(EngineTimers.SYSTEM);
    String sid = polling.handshake();
    try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket&sid=" + sid)) {
      ws.send("4nope");

      assertThat(ws.next()).isEqualTo("close:1000");
      assertThat(polling.post(sid, "4still").text()).isEqualTo("ok");
      assertThat(polling.get(sid).text()).isEqualTo("4still");
      assertThat(server.socket(sid).transport()).isEqualTo("polling");
    }
  }

  @Test
  void aProbeThatDoesNotCompleteWithinUpgradeTimeoutIsClosed() throws Exception {
    ManualTimers timers = new ManualTimers();
    Polling polling = start(timers);
    String sid = polling.handshake();
    try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket&sid=" + sid)) {
      ws.send("2probe");
      assertThat(ws.next()).isEqualTo("text:3probe");

      timers.advance(Duration.ofSeconds(10).toMillis() - 1);
      assertThat(ws.poll(100)).isNull();
      timers.advance(1);

      assertThat(ws.next()).isEqualTo("close:1000");
      assertThat(polling.post(sid, "4still").text()).isEqualTo("ok");
      assertThat(polling.get(sid).text()).isEqualTo("4still");
    }
  }

  @Test
  void thePollHeldWhenTheUpgradeCompletesGetsTheClosePacket() throws Exception {
    ManualTimers timers = new ManualTimers(); // the 100 ms noop check never runs unless time moves
    Polling polling = start(timers);
    String sid = polling.handshake();
    try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket&sid=" + sid)) {
      ws.send("2probe");
      assertThat(ws.next()).isEqualTo("text:3probe");
      CompletableFuture<RawHttp.Response> held = polling.getLater(sid);
      server.awaitPollHeld(sid);
      assertThat(held).isNotDone();

      ws.send("5");

      assertThat(held.get(10, TimeUnit.SECONDS).text()).isEqualTo("1");
      assertThat(server.await("upgrade " + sid)).isEqualTo("upgrade " + sid + " websocket");
    }
  }

  @Test
  void theNoopCheckRunsEvery100MillisWhileProbing() throws Exception {
    ManualTimers timers = new ManualTimers();
    Polling polling = start(timers);
    String sid = polling.handshake();
    try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket&sid=" + sid)) {
      ws.send("2probe");
      assertThat(ws.next()).isEqualTo("text:3probe");
      CompletableFuture<RawHttp.Response> held = polling.getLater(sid);
      server.awaitPollHeld(sid);

      timers.advance(99);
      assertThat(held).isNotDone();
      timers.advance(1);

      assertThat(held.get(10, TimeUnit.SECONDS).text()).isEqualTo("6");
    }
  }

  @Test
  void aSessionUpgradesToAWebSocketOnAnotherEventLoop() throws Exception {
    Polling polling = start(EngineTimers.SYSTEM);
    List<WsClient> clients = new ArrayList<>();
    int crossLoop = 0;
    try {
      for (int i = 0; i < 6; i++) {
        String sid = polling.handshake();
        WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket&sid=" + sid);
        clients.add(ws);
        ws.send("2probe");
        assertThat(ws.next()).isEqualTo("text:3probe");
        ws.send("5");
        server.await("upgrade " + sid);
        ws.send(new byte[] {(byte) i});
        assertThat(ws.next()).isEqualTo("binary:0" + i);

        EngineSession session = (EngineSession) server.socket(sid);
        int connectionLoop = session.loop().submit(
            () -> ((WebSocketTransport) session.currentTransport()).connectionLoopIndex()).get();
        if (connectionLoop != session.loopIndex()) crossLoop++;
      }
    } finally {
      clients.forEach(WsClient::close);
    }
    assertThat(crossLoop).as("sessions whose WebSocket lives on another loop").isPositive();
  }
}
