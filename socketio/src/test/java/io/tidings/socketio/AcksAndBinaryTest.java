package io.tidings.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.socket.client.Ack;
import io.tidings.testing.socketio.SocketIoClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Acknowledgements both ways (a trailing callback, {@code emitWithAck}, timeouts, a broadcast collecting every
 * client's), binary both ways over each transport, typed handlers, {@code onAny}, packet middlewares.
 */
class AcksAndBinaryTest {

  record Move(int x, int y) {}

  private SocketIoServer io;
  private int port;
  private final Map<String, Socket> byName = new ConcurrentHashMap<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    io = SocketIoServer.newBuilder().build();
    io.on("connection", socket -> {
      byName.put(socket.handshake().auth().path("name").asText(), socket);
      socket.onAny((event, args) -> seen.add("any " + event));
      socket.use((event, args, next) -> {
        if (event.equals("forbidden")) next.fail(new IllegalStateException("not allowed")); else next.proceed();
      });
      socket.on("error", (args, ack) -> seen.add("error " + args.getString(0)));
      socket.on("forbidden", (args, ack) -> seen.add("forbidden ran"));
      socket.on("upload", (args, ack) -> ack.send(args.getBytes(0).length, args.getBytes(0)));
      socket.on("move", Move.class, (move, ack) -> ack.send(move.x() + move.y()));
      socket.on("download", (args, ack) -> socket.emit("file", new byte[] {1, 2, 3}, ByteBuffer.wrap(new byte[] {4}),
          Map.of("nested", new byte[] {5})));
    });
    port = io.listen(0);
  }

  @AfterEach
  void stop() {
    io.close();
  }

  private SocketIoClient client(String name, String transport, String... events) {
    SocketIoClient c = SocketIoClient.to(port).transport(transport).auth(Map.of("name", name)).connect(events);
    c.await("connect");
    Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> byName.containsKey(name));
    return c;
  }

  @ParameterizedTest
  @ValueSource(strings = {"polling", "websocket"})
  void binaryTravelsBothWays(String transport) {
    try (SocketIoClient c = client("a", transport, "file")) {
      assertThat(c.emitWithAck("upload", new byte[] {9, 8, 7})).isEqualTo("[3,<090807>]");
      c.socket.emit("download");
      assertThat(c.await("file")).isEqualTo("file [<010203>,<04>,{\"nested\":<05>}]");
    }
  }

  @Test
  void theServerAsksForAnAcknowledgementWithACallbackAndWithAFuture() throws Exception {
    try (SocketIoClient c = client("a", "websocket")) {
      c.socket.on("ask", args -> ((Ack) args[args.length - 1]).call("answer to " + args[0]));
      List<String> acks = new CopyOnWriteArrayList<>();
      byName.get("a").emit("ask", "q1", (AckCallback) args -> acks.add(args.getString(0)));
      Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> acks.size() == 1);
      assertThat(acks).containsExactly("answer to q1");

      Args reply = byName.get("a").emitWithAck("ask", "q2").get(20, TimeUnit.SECONDS);
      assertThat(reply.getString(0)).isEqualTo("answer to q2");
    }
  }

  @Test
  void anAcknowledgementThatDoesNotComeTimesOut() {
    try (SocketIoClient c = client("a", "websocket")) {
      c.socket.on("ignored", args -> {});
      CompletableFuture<Args> reply = byName.get("a").timeout(Duration.ofMillis(200)).emitWithAck("ignored");
      assertThatThrownBy(() -> reply.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(AckTimeoutException.class);
    }
  }

  @Test
  void aTimedEmitsCallbackGetsTheReplyOrTheTimeout() {
    try (SocketIoClient c = client("a", "websocket")) {
      c.socket.on("ask", args -> ((Ack) args[args.length - 1]).call("yes"));
      c.socket.on("ignored", args -> {});
      List<String> got = new CopyOnWriteArrayList<>();
      Socket s = byName.get("a");
      s.timeout(Duration.ofSeconds(10)).emit("ask", "q", (TimedAckCallback) (err, args) -> got.add(err + " " + args));
      s.timeout(Duration.ofMillis(200)).emit("ignored", (TimedAckCallback) (err, args) ->
          got.add(err.getClass().getSimpleName() + " " + args));
      Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> got.size() == 2);
      assertThat(got).containsExactlyInAnyOrder("null [\"yes\"]", "AckTimeoutException []");
    }
  }

  @Test
  void aBroadcastCollectsEveryClientsAcknowledgementOrTimesOutWithThoseThatCame() throws Exception {
    try (SocketIoClient a = client("a", "websocket"); SocketIoClient b = client("b", "polling"); SocketIoClient c = client("c", "websocket")) {
      a.socket.on("poll", args -> ((Ack) args[args.length - 1]).call("a"));
      b.socket.on("poll", args -> ((Ack) args[args.length - 1]).call("b"));
      c.socket.on("poll", args -> {});
      List<JsonNode> two = io.except(byName.get("c").id()).timeout(Duration.ofSeconds(20)).emitWithAck("poll")
          .get(20, TimeUnit.SECONDS);
      assertThat(two).extracting(JsonNode::asText).containsExactlyInAnyOrder("a", "b");

      // c never answers: the broadcast times out, with a's and b's answers (3 s leaves them time on a busy machine)
      CompletableFuture<List<JsonNode>> all = io.timeout(Duration.ofSeconds(3)).emitWithAck("poll");
      assertThatThrownBy(() -> all.get(20, TimeUnit.SECONDS)).cause().isInstanceOf(AckTimeoutException.class)
          .satisfies(e -> assertThat(((AckTimeoutException) e).responses()).extracting(JsonNode::asText)
              .containsExactlyInAnyOrder("a", "b"));
    }
  }

  @Test
  void aVolatileEmitReachesAWebSocketClientThatCanTakeIt() {
    try (SocketIoClient c = client("a", "websocket", "tick")) {
      byName.get("a").asVolatile().emit("tick", 1);
      assertThat(c.await("tick")).isEqualTo("tick [1]");
    }
  }

  @Test
  void aTypedHandlerGetsItsArgumentConverted() throws Exception {
    try (SocketIoClient c = client("a", "websocket")) {
      assertThat(c.emitWithAck("move", new JSONObject("{\"x\":3,\"y\":4}"))).isEqualTo("[7]");
    }
  }

  @Test
  void anArgumentThatDoesNotConvertDropsTheEventCountedAndTheConnectionStays() throws Exception {
    try (SocketIoClient c = client("a", "websocket")) {
      c.socket.emit("move", "not a move");
      assertThat(c.emitWithAck("move", new JSONObject("{\"x\":2,\"y\":2}"))).isEqualTo("[4]");
      assertThat(io.metrics().droppedCount("bad argument")).isEqualTo(1);
    }
  }

  @Test
  void onAnySeesEveryEventAndAFailingPacketMiddlewareDropsTheEventWithAnError() throws Exception {
    try (SocketIoClient c = client("a", "websocket")) {
      c.socket.emit("forbidden");
      assertThat(c.emitWithAck("move", new JSONObject("{\"x\":1,\"y\":1}"))).isEqualTo("[2]");
      assertThat(seen).containsExactly("any forbidden", "error not allowed", "any move");
    }
  }
}
