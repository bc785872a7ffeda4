package io.tidings.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.testing.socketio.SocketIoClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reason each way of ending gives the server's {@code "disconnecting"} and {@code "disconnect"}, exactly
 * Node's strings, and what the client hears; rooms are still there in {@code "disconnecting"}.
 */
class DisconnectReasonsTest {

  private SocketIoServer io;
  private int port;
  private final Map<String, Socket> byName = new ConcurrentHashMap<>();
  private final List<String> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    io = SocketIoServer.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    io.on("connection", socket -> {
      String name = socket.handshake().auth().path("name").asText();
      socket.join("room-" + name);
      byName.put(name, socket);
      socket.on("disconnecting", (args, ack) -> events.add(name + " disconnecting " + args.getString(0)
          + " rooms=" + socket.rooms().contains("room-" + name)));
      socket.on("disconnect", (args, ack) -> events.add(name + " disconnect " + args.getString(0)));
      socket.on("ping", (args, ack) -> ack.send("pong"));
      socket.on("ack-then-close", (args, ack) -> {
        // a broadcast handed to this loop from another thread, still in the loop's queue: the ack waits behind it
        Thread other = new Thread(() -> io.to(socket.id()).emit("from-another-thread"));
        other.start();
        try {
          other.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ack.send("bye");
        socket.disconnect(true);
      });
    });
    port = io.listen(0);
  }

  @AfterEach
  void stop() {
    io.close();
  }

  private SocketIoClient client(String name) {
    return client(name, "websocket");
  }

  private SocketIoClient client(String name, String transport) {
    SocketIoClient c = SocketIoClient.to(port).transport(transport).auth(Map.of("name", name)).connect();
    c.await("connect");
    Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> byName.containsKey(name));
    return c;
  }

  private void awaitEvent(String line) {
    Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> events.contains(line));
  }

  @Test
  void theClientLeavingIsClientNamespaceDisconnect() {
    SocketIoClient a = client("a");
    a.socket.disconnect();
    awaitEvent("a disconnect client namespace disconnect");
    assertThat(events).containsExactly("a disconnecting client namespace disconnect rooms=true",
        "a disconnect client namespace disconnect");
    assertThat(io.sockets().sockets()).isEmpty();
    assertThat(io.sockets().adapter().sockets(Set.of())).isEmpty();
  }

  @Test
  void theServerDisconnectingIsServerNamespaceDisconnectAndTheClientHearsIt() {
    try (SocketIoClient a = client("a")) {
      byName.get("a").disconnect();
      awaitEvent("a disconnect server namespace disconnect");
      assertThat(a.await("disconnect")).isEqualTo("disconnect io server disconnect");
    }
  }

  @Test
  void disconnectWithCloseClosesTheConnection() {
    try (SocketIoClient a = client("a")) {
      byName.get("a").disconnect(true);
      awaitEvent("a disconnect server namespace disconnect");
      assertThat(a.await("disconnect")).isEqualTo("disconnect io server disconnect");
      Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> io.metrics().connections() == 0);
    }
  }

  @Test
  void anAckSentJustBeforeDisconnectWithCloseReachesTheClientBeforeTheClose() {
    try (RawClient raw = RawClient.open(port, "websocket")) {
      raw.send("0{\"name\":\"raw\"}");
      assertThat(raw.next()).startsWith("0{\"sid\":");
      Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> byName.containsKey("raw"));
      raw.send("21[\"ack-then-close\"]");
      // Node's close waits for the write buffer to drain: the ack, then the DISCONNECT, then the close
      assertThat(raw.next()).isEqualTo("31[\"bye\"]");
      assertThat(raw.next()).isEqualTo("1");
      awaitEvent("raw disconnect server namespace disconnect");
      Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> io.metrics().connections() == 0);
    }
  }

  @Test
  void theConnectionDroppingIsTransportClose() {
    try (RawClient raw = RawClient.open(port, "websocket")) {
      raw.send("0{\"name\":\"raw\"}");
      assertThat(raw.next()).startsWith("0{\"sid\":");
      raw.engine.close();
      awaitEvent("raw disconnect transport close");
      assertThat(events).containsExactly("raw disconnecting transport close rooms=true", "raw disconnect transport close");
    }
  }

  @Test
  void theServerClosingIsServerShuttingDown() {
    // over polling: the Java Engine.IO client does not notice a server's WebSocket close frame
    try (SocketIoClient a = client("a", "polling")) {
      io.close();
      awaitEvent("a disconnect server shutting down");
      assertThat(a.await("disconnect")).isEqualTo("disconnect transport close");
    }
  }

  @Test
  void anUndecodablePacketClosesThatConnectionAloneAsForcedClose() {
    try (RawClient raw = RawClient.open(port, "polling"); SocketIoClient b = client("b")) {
      raw.send("0{\"name\":\"raw\"}");
      assertThat(raw.next()).startsWith("0{\"sid\":");
      raw.send("2[\"unterminated\"");
      awaitEvent("raw disconnect forced close");
      assertThat(raw.next()).isEqualTo("close transport close");
      assertThat(b.emitWithAck("ping")).isEqualTo("[\"pong\"]");
      assertThat(io.metrics().droppedCount("parse error")).isEqualTo(1);
    }
  }

  @Test
  void anEventForANamespaceNotJoinedClosesTheConnection() {
    try (RawClient raw = RawClient.open(port, "polling")) {
      raw.send("0{\"name\":\"raw\"}");
      assertThat(raw.next()).startsWith("0{\"sid\":");
      raw.send("2/elsewhere,[\"hello\"]");
      // Node's client.close() closes the engine first, whose close event (synchronous while a poll is held
      // or on WebSocket) reaches the sockets before its own "forced server close"
      awaitEvent("raw disconnect forced close");
      assertThat(raw.next()).isEqualTo("close transport close");
      assertThat(io.metrics().droppedCount("invalid state")).isEqualTo(1);
    }
  }

  @Test
  void aConnectionThatJoinsNoNamespaceIsClosedAfterConnectTimeout() {
    try (RawClient raw = RawClient.open(port, "polling")) {
      assertThat(raw.next()).isEqualTo("close transport close");
      assertThat(io.metrics().connections()).isZero();
    }
  }
}
