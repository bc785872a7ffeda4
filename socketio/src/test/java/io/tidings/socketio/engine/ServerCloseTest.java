package io.tidings.socketio.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.testing.http.RawHttp;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link EngineServer#close()}: every session ends at once with Socket.IO's "server shutting down". */
class ServerCloseTest {

  @Test
  void closingTheServerEndsPollingAndWebSocketSessionsAndRefusesNewOnes() throws Exception {
    try (EngineTestServer server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/").build())) {
      Polling polling = new Polling(server.port());
      String held = polling.handshake();
      String idle = polling.handshake();
      CompletableFuture<RawHttp.Response> poll = polling.getLater(held);
      server.awaitPollHeld(held);
      try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket")) {
        String wsSid = ws.next().replaceAll(".*\"sid\":\"([^\"]+)\".*", "$1");
        server.socket(wsSid);
        assertThat(server.engine.clientsCount()).isEqualTo(3);

        server.engine.close().get(10, TimeUnit.SECONDS);

        assertThat(poll.get(10, TimeUnit.SECONDS).text()).isEqualTo("1");
        assertThat(ws.next()).isEqualTo("close:1000");
        assertThat(server.engine.clientsCount()).isZero();
        for (String sid : new String[] {held, idle, wsSid}) {
          assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " server shutting down");
        }
        assertThat(polling.get(idle).text()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        RawHttp.Response handshake = RawHttp.exchange(server.port(), RawHttp.get("/engine.io/?EIO=4&transport=polling"));
        assertThat(handshake.status()).isEqualTo(503);
      }
    }
  }

  @Test
  void aSessionWhoseCloseWaitsForAPollIsClosedAtOnce() throws Exception {
    try (EngineTestServer server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/").build())) {
      Polling polling = new Polling(server.port());
      String sid = polling.handshake();
      server.socket(sid).close(); // no poll held: the close packet waits for the next poll

      server.engine.close().get(10, TimeUnit.SECONDS);

      assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " server shutting down");
    }
  }
}
