package io.tidings.socketio.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tidings.testing.http.RawHttp;
import io.tidings.transport.fanout.DeliveryListener;
import io.tidings.transport.fanout.Membership;
import io.tidings.transport.fanout.RoomRegistry;
import io.tidings.transport.websocket.WebSocketFrames;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A broadcast through the transport's {@link RoomRegistry} reaches engine sessions through
 * {@link EngineSocket#recipient()}: the same frames, written as they are to a WebSocket session, taken
 * apart into packets for a polling one.
 */
class RecipientTest {

  private EngineTestServer server;
  private RoomRegistry<Membership> rooms;

  @BeforeEach
  void start() {
    server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/").build());
    rooms = new RoomRegistry<>(server.transport.loops(), DeliveryListener.NONE);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void join(String sid, String room) throws Exception {
    EngineSocket socket = server.socket(sid);
    socket.loop().submit(() -> rooms.join(new Membership(socket.recipient()), room)).get(5, TimeUnit.SECONDS);
  }

  /** A Socket.IO binary event as the layer above encodes it once: {@code 451-[…]} and its attachment. */
  private void broadcastBinaryEvent(String room) {
    rooms.broadcast(Set.of(room), Set.of(), () -> new ByteBuf[] {
        WebSocketFrames.text(ByteBufAllocator.DEFAULT,
            "451-[\"file\",{\"_placeholder\":true,\"num\":0}]".getBytes(StandardCharsets.UTF_8)),
        WebSocketFrames.binary(ByteBufAllocator.DEFAULT, new byte[] {1, 2, 3, 4})});
  }

  @Test
  void aWebSocketSessionGetsTheSharedFramesAsTheyAre() throws Exception {
    try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket")) {
      String sid = ws.next().replaceAll(".*\"sid\":\"([^\"]+)\".*", "$1");
      join(sid, "news");

      broadcastBinaryEvent("news");

      assertThat(ws.next()).isEqualTo("text:451-[\"file\",{\"_placeholder\":true,\"num\":0}]");
      assertThat(ws.next()).isEqualTo("binary:01020304");
    }
  }

  @Test
  void aPollingSessionQueuesThePacketsAndOnePollCarriesThemBoth() throws Exception {
    Polling polling = new Polling(server.port());
    String sid = polling.handshake();
    join(sid, "news");

    broadcastBinaryEvent("news");

    assertThat(polling.get(sid).text()).isEqualTo("451-[\"file\",{\"_placeholder\":true,\"num\":0}]\u001ebAQIDBA==");
  }

  @Test
  void aHeldPollIsAnsweredByABroadcast() throws Exception {
    Polling polling = new Polling(server.port());
    String sid = polling.handshake();
    join(sid, "news");
    CompletableFuture<RawHttp.Response> poll = polling.getLater(sid);
    server.awaitPollHeld(sid);

    rooms.broadcast("news", () -> new ByteBuf[] {
        WebSocketFrames.text(ByteBufAllocator.DEFAULT, "42[\"héllo\"]".getBytes(StandardCharsets.UTF_8))}, null);

    assertThat(poll.get(10, TimeUnit.SECONDS).text()).isEqualTo("42[\"héllo\"]");
  }

  @Test
  void anUpgradedSessionOnAnotherLoopGetsTheFramesOverItsWebSocket() throws Exception {
    Polling polling = new Polling(server.port());
    List<String> received = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String sid = polling.handshake();
      try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket&sid=" + sid)) {
        ws.send("2probe");
        ws.next();
        ws.send("5");
        server.await("upgrade " + sid);
        join(sid, "room-" + i);

        rooms.broadcast("room-" + i, () -> new ByteBuf[] {
            WebSocketFrames.text(ByteBufAllocator.DEFAULT, "42[\"x\"]".getBytes(StandardCharsets.UTF_8)),
            WebSocketFrames.binary(ByteBufAllocator.DEFAULT, new byte[] {9})}, null);

        received.add(ws.next() + " " + ws.next());
      }
    }
    assertThat(received).containsOnly("text:42[\"x\"] binary:09");
  }

  @Test
  void aClosingSessionTakesNoBroadcast() throws Exception {
    Polling polling = new Polling(server.port());
    String sid = polling.handshake();
    join(sid, "news");
    EngineSocket socket = server.socket(sid);
    socket.close();

    broadcastBinaryEvent("news");

    assertThat(polling.get(sid).text()).isEqualTo("6\u001e1");
  }
}
