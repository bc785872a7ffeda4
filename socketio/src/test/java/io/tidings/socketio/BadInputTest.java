package io.tidings.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.socketio.parser.MsgpackParser;
import io.tidings.testing.socketio.SocketIoClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Input a parser refuses closes that one connection, as Node's server does, and is counted; the other
 * connections keep working.
 */
class BadInputTest {

  private SocketIoServer io;
  private final List<String> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (io != null) io.close();
  }

  private int start(SocketIoServer.Builder builder) {
    io = builder.build();
    io.on("connection", socket -> {
      socket.on("ping", (args, ack) -> ack.send("pong"));
      socket.on("disconnect", (args, ack) -> events.add("disconnect " + args.getString(0)));
    });
    return io.listen(0);
  }

  @Test
  void aTextMessageToTheMsgpackParserClosesThatConnection() {
    int port = start(SocketIoServer.newBuilder().parser(new MsgpackParser()));
    try (RawClient bad = RawClient.open(port, "polling"); RawClient good = RawClient.open(port, "websocket")) {
      bad.send("0");
      assertThat(bad.next()).isEqualTo("close transport close");
      assertThat(io.metrics().droppedCount("parse error")).isEqualTo(1);
      // msgpack CONNECT for "/": {"type":0,"nsp":"/"}
      good.send(new byte[] {(byte) 0x82, (byte) 0xa4, 't', 'y', 'p', 'e', 0x00, (byte) 0xa3, 'n', 's', 'p', (byte) 0xa1, '/'});
      // the answer as socket.io-msgpack-parser writes it: {"type":0,"data":{"sid":<20 chars>},"nsp":"/"}
      assertThat(good.next()).matches("<83a47479706500a46461746181a3736964b4[0-9a-f]{40}a36e7370a12f>");
    }
  }

  @Test
  void anEventWithoutDataAndAnAckWithoutIdAreDroppedAndTheConnectionStays() {
    int port = start(SocketIoServer.newBuilder());
    try (RawClient raw = RawClient.open(port, "websocket")) {
      raw.send("0");
      assertThat(raw.next()).startsWith("0{\"sid\":");
      raw.send("2");
      raw.send("3[\"x\"]");
      raw.send("35");
      raw.send("27[\"ping\"]");
      assertThat(raw.next()).isEqualTo("37[\"pong\"]");
      assertThat(io.metrics().droppedCount("event without name")).isEqualTo(1);
      assertThat(io.metrics().droppedCount("ack without id")).isEqualTo(1);
      assertThat(io.metrics().droppedCount("unknown ack")).isEqualTo(1);
    }
  }

  @Test
  void aBinaryMessageNoPacketAwaitsClosesThatConnectionAfterItConnected() {
    int port = start(SocketIoServer.newBuilder());
    try (RawClient bad = RawClient.open(port, "polling"); SocketIoClient good = SocketIoClient.to(port).connect()) {
      good.await("connect");
      bad.send("0");
      assertThat(bad.next()).startsWith("0{\"sid\":");
      bad.send(new byte[] {1, 2, 3});
      Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> events.contains("disconnect forced close"));
      assertThat(good.emitWithAck("ping")).isEqualTo("[\"pong\"]");
      assertThat(io.metrics().droppedCount("parse error")).isEqualTo(1);
    }
  }
}
