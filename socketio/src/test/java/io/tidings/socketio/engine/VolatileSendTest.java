package io.tidings.socketio.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.socketio.engine.packet.EncodedPacket;
import io.tidings.testing.http.RawHttp;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link EngineSocket#sendVolatile}: Node's {@code volatile}. A polling session takes the messages only while a
 * poll is held; otherwise they are dropped, and what is sent normally afterwards still arrives.
 */
class VolatileSendTest {

  private EngineTestServer server;

  @BeforeEach
  void start() {
    server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/").build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aPollingSessionWithNoPollHeldDropsAVolatileMessage() throws Exception {
    Polling polling = new Polling(server.port());
    String sid = polling.handshake();
    EngineSocket socket = server.socket(sid);
    socket.sendVolatile(List.of(EncodedPacket.message("dropped")));
    socket.sendText("kept");
    assertThat(polling.get(sid).text()).isEqualTo("4kept");
  }

  @Test
  void aHeldPollTakesAVolatileMessage() throws Exception {
    Polling polling = new Polling(server.port());
    String sid = polling.handshake();
    CompletableFuture<RawHttp.Response> poll = polling.getLater(sid);
    server.awaitPollHeld(sid);
    server.socket(sid).sendVolatile(List.of(EncodedPacket.message("taken")));
    assertThat(poll.get(10, TimeUnit.SECONDS).text()).isEqualTo("4taken");
  }
}
