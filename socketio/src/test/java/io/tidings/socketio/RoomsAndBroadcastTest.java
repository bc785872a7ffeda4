package io.tidings.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.testing.socketio.SocketIoClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rooms and broadcasts with real clients: {@code to} is a union, {@code except} subtracts, each socket
 * hears a broadcast once, {@code socket.broadcast} leaves the sender out, a socket that left a room hears
 * no more of it. What a client did not hear is shown by a marker broadcast to all that arrives first.
 */
class RoomsAndBroadcastTest {

  private SocketIoServer io;
  private int port;
  private final Map<String, Socket> byName = new ConcurrentHashMap<>();

  @BeforeEach
  void start() {
    io = SocketIoServer.newBuilder().build();
    io.on("connection", socket -> {
      byName.put(socket.handshake().auth().path("name").asText(), socket);
      socket.on("join", (args, ack) -> {
        for (com.fasterxml.jackson.databind.JsonNode room : args) socket.join(room.asText());
        ack.send(socket.rooms().size());
      });
      socket.on("leave", (args, ack) -> {
        socket.leave(args.getString(0));
        ack.send();
      });
      socket.on("shout", (args, ack) -> socket.broadcast().emit("news", "shout:" + args.getString(0)));
      socket.on("toRoom", (args, ack) -> socket.to(args.getString(0)).emit("news", "to:" + args.getString(0)));
    });
    port = io.listen(0);
  }

  @AfterEach
  void stop() {
    io.close();
  }

  private SocketIoClient client(String name, String transport) {
    SocketIoClient c = SocketIoClient.to(port).transport(transport).auth(Map.of("name", name)).connect("news", "marker");
    c.await("connect");
    Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> byName.containsKey(name));
    return c;
  }

  /** Every "news" the client heard before the marker {@code n}. */
  private static List<String> newsUntilMarker(SocketIoClient c, int n) {
    String marker = c.await("marker");
    assertThat(marker).isEqualTo("marker [" + n + "]");
    return c.heard.stream().takeWhile(l -> !l.equals(marker)).filter(l -> l.startsWith("news")).toList();
  }

  @Test
  void toIsAUnionExceptSubtractsAndEachSocketHearsOnce() {
    try (SocketIoClient a = client("a", "websocket"); SocketIoClient b = client("b", "polling"); SocketIoClient c = client("c", "websocket")) {
      assertThat(a.emitWithAck("join", "r1")).isEqualTo("[2]");
      assertThat(b.emitWithAck("join", "r1", "r2")).isEqualTo("[3]");
      assertThat(c.emitWithAck("join", "r3")).isEqualTo("[2]");

      io.to("r1").to("r2").emit("news", "r1+r2");
      io.to("r1").except("r2").emit("news", "r1-r2");
      io.except("r1").emit("news", "all-r1");
      io.to(byName.get("c").id()).emit("news", "to c's id");
      io.emit("marker", 1);

      assertThat(newsUntilMarker(a, 1)).containsExactly("news [\"r1+r2\"]", "news [\"r1-r2\"]");
      assertThat(newsUntilMarker(b, 1)).containsExactly("news [\"r1+r2\"]");
      assertThat(newsUntilMarker(c, 1)).containsExactly("news [\"all-r1\"]", "news [\"to c's id\"]");
    }
  }

  @Test
  void socketBroadcastLeavesTheSenderOutAndSocketToTheSenderToo() {
    try (SocketIoClient a = client("a", "websocket"); SocketIoClient b = client("b", "polling")) {
      a.emitWithAck("join", "room");
      b.emitWithAck("join", "room");
      a.socket.emit("shout", "hi");
      a.socket.emit("toRoom", "room");
      assertThat(b.await("news")).isEqualTo("news [\"shout:hi\"]");
      assertThat(b.await("news")).isEqualTo("news [\"to:room\"]");
      io.emit("marker", 2);
      assertThat(newsUntilMarker(a, 2)).isEmpty();
    }
  }

  @Test
  void broadcastsFromSeveralThreadsReachEachClientInTheOrderEachThreadMadeThem() throws Exception {
    try (SocketIoClient a = client("a", "websocket"); SocketIoClient b = client("b", "polling")) {
      a.emitWithAck("join", "room");
      b.emitWithAck("join", "room");
      int perThread = 100;
      Thread[] threads = new Thread[3];
      for (int t = 0; t < threads.length; t++) {
        int thread = t;
        threads[t] = new Thread(() -> {
          for (int i = 0; i < perThread; i++) io.to("room").emit("news", thread, i);
        });
        threads[t].start();
      }
      for (Thread t : threads) t.join();
      io.emit("marker", 4);
      for (SocketIoClient c : List.of(a, b)) {
        List<String> news = newsUntilMarker(c, 4);
        assertThat(news).hasSize(threads.length * perThread);
        for (int t = 0; t < threads.length; t++) {
          String prefix = "news [" + t + ",";
          assertThat(news.stream().filter(l -> l.startsWith(prefix)).toList())
              .isEqualTo(java.util.stream.IntStream.range(0, perThread).mapToObj(i -> prefix + i + "]").toList());
        }
      }
    }
  }

  @Test
  void aVolatileBroadcastReachesAWebSocketClientThatCanTakeIt() {
    try (SocketIoClient a = client("a", "websocket"); SocketIoClient c = client("c", "websocket")) {
      a.emitWithAck("join", "room");
      io.asVolatile().to("room").emit("news", "volatile");
      assertThat(a.await("news")).isEqualTo("news [\"volatile\"]");
      io.emit("marker", 5);
      assertThat(newsUntilMarker(c, 5)).isEmpty();
    }
  }

  @Test
  void onAnyOutgoingSeesTheBroadcastsThatReachTheSocket() {
    try (SocketIoClient a = client("a", "polling"); SocketIoClient b = client("b", "websocket")) {
      a.emitWithAck("join", "room");
      b.emitWithAck("join", "room");
      List<String> outgoing = new java.util.concurrent.CopyOnWriteArrayList<>();
      AnyListener watch = (event, args) -> outgoing.add(event + " " + args);
      byName.get("a").onAnyOutgoing(watch);
      io.to("room").emit("news", "seen");
      assertThat(a.await("news")).isEqualTo("news [\"seen\"]");
      assertThat(b.await("news")).isEqualTo("news [\"seen\"]");
      assertThat(outgoing).containsExactly("news [\"seen\"]");

      byName.get("a").offAnyOutgoing(null);
      io.to("room").emit("news", "unseen");
      assertThat(a.await("news")).isEqualTo("news [\"unseen\"]");
      assertThat(outgoing).containsExactly("news [\"seen\"]");
    }
  }

  @Test
  void aSocketThatLeftARoomHearsNoMoreOfIt() {
    try (SocketIoClient a = client("a", "websocket")) {
      a.emitWithAck("join", "room");
      io.to("room").emit("news", "first");
      assertThat(a.await("news")).isEqualTo("news [\"first\"]");
      a.emitWithAck("leave", "room");
      assertThat(byName.get("a").rooms()).containsExactly(byName.get("a").id());
      io.to("room").emit("news", "second");
      io.emit("marker", 3);
      assertThat(a.await("marker")).isEqualTo("marker [3]");
      assertThat(a.heard).containsOnlyOnce("news [\"first\"]").doesNotContain("news [\"second\"]");
    }
  }

  /**
   * A socket's own map of rooms is a compact snapshot up to eight rooms and a concurrent map past that: the
   * rooms stay right across the switch and across leaves on both sides of it, and broadcasts to them reach
   * the socket once each.
   */
  @Test
  void aSocketInManyRoomsKeepsThemAcrossJoinsAndLeaves() {
    try (SocketIoClient a = client("a", "websocket")) {
      Object[] rooms = new Object[12];
      for (int i = 0; i < rooms.length; i++) rooms[i] = "room-" + i;
      assertThat(a.emitWithAck("join", java.util.Arrays.copyOfRange(rooms, 0, 5))).isEqualTo("[6]");
      assertThat(a.emitWithAck("join", rooms)).isEqualTo("[13]");
      a.emitWithAck("leave", "room-3");
      a.emitWithAck("leave", "room-10");
      Socket s = byName.get("a");
      assertThat(s.rooms()).hasSize(11).contains(s.id(), "room-0", "room-11").doesNotContain("room-3", "room-10");

      io.to("room-0").to("room-3").to("room-10").to("room-11").emit("news", "many");
      io.to("room-10").emit("news", "left");
      io.emit("marker", 4);
      assertThat(newsUntilMarker(a, 4)).containsExactly("news [\"many\"]");
    }
  }
}
