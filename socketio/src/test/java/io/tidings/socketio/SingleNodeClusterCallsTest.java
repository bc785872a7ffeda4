package io.tidings.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.testing.socketio.SocketIoClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster calls on a single node: there is no other server, so {@code serverSideEmit} reaches nobody
 * (not even this server's own handlers, as in Node), its acknowledged form completes at once with no
 * responses, and the server count is one. Also: the meters count what a client exchanged.
 */
class SingleNodeClusterCallsTest {

  private SocketIoServer io;
  private int port;
  private int ownHandlerCalls;

  @BeforeEach
  void start() {
    io = SocketIoServer.newBuilder().build();
    io.on("hello", (args, ack) -> ownHandlerCalls++);
    io.on("connection", socket -> socket.on("echo", (args, ack) -> ack.send(args.get(0))));
    port = io.listen(0);
  }

  @AfterEach
  void stop() {
    io.close();
  }

  @Test
  void serverSideEmitReachesNoOtherServerAndCompletesAtOnce() throws Exception {
    io.serverSideEmit("hello", 1);
    assertThat(io.serverSideEmitWithAck("hello", Duration.ofSeconds(5), 1).get(5, TimeUnit.SECONDS)).isEmpty();
    assertThat(io.sockets().adapter().serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(ownHandlerCalls).isZero();
  }

  @Test
  void theMetersCountConnectionsSocketsAndPackets() {
    try (SocketIoClient c = SocketIoClient.to(port).connect("news"); SocketIoClient d = SocketIoClient.to(port).connect("news")) {
      c.await("connect");
      d.await("connect");
      assertThat(c.emitWithAck("echo", "x")).isEqualTo("[\"x\"]");
      assertThat(io.metrics().connections()).isEqualTo(2);
      assertThat(io.metrics().sockets()).isEqualTo(2);
      // in: two CONNECTs and the event; out: two CONNECT answers and the ACK
      assertThat(io.metrics().registry().counter("socketio.packets.in").count()).isEqualTo(3);
      assertThat(io.metrics().registry().counter("socketio.packets.out").count()).isEqualTo(3);
      double bytesBefore = io.metrics().registry().counter("socketio.bytes.out").count();

      io.emit("news", "abc"); // the message 42["news","abc"]: 16 bytes, once per connection
      c.await("news");
      d.await("news");
      org.awaitility.Awaitility.await().atMost(SocketIoClient.WAIT)
          .until(() -> io.metrics().registry().counter("socketio.packets.out").count() == 5);
      assertThat(io.metrics().registry().counter("socketio.bytes.out").count() - bytesBefore).isEqualTo(2 * 16);
    }
  }
}
