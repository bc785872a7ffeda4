package io.tidings.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.testing.socketio.SocketIoClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Namespaces: several multiplexed on one connection, a middleware's refusal as CONNECT_ERROR with message
 * and data, an unknown namespace refused with "Invalid namespace", dynamic namespaces made on demand with
 * their parent's middlewares and handlers.
 */
class NamespacesTest {

  private SocketIoServer io;
  private int port;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    io = SocketIoServer.newBuilder().build();
    io.on("connection", socket -> socket.on("where", (args, ack) -> ack.send("main")));
    io.of("/chat").use((socket, next) -> {
      if ("secret".equals(socket.handshake().auth().path("token").asText())) {
        next.proceed();
      } else {
        next.fail(new ConnectError("not authorized", Map.of("code", 401)));
      }
    }).on("connection", socket -> socket.on("where", (args, ack) -> ack.send("chat")));
    io.of(Pattern.compile("/room-\\d+")).use((socket, next) -> {
      seen.add("middleware " + socket.nsp().name());
      next.proceed();
    }).on("connection", socket -> socket.on("where", (args, ack) -> ack.send(socket.nsp().name())));
    io.of("/async").use((socket, next) -> java.util.concurrent.CompletableFuture.runAsync(() -> {
      seen.add("first on a pool thread");
      next.proceed();
    })).use((socket, next) -> {
      seen.add("second on " + (Thread.currentThread().getName().startsWith("tidings-loop") ? "the loop" : "another thread"));
      next.proceed();
    }).on("connection", socket -> socket.on("where", (args, ack) -> ack.send("async")));
    io.of((name, auth) -> name.startsWith("/team-") && auth.path("member").asBoolean())
        .on("connection", socket -> socket.on("where", (args, ack) -> ack.send("team " + socket.nsp().name())));
    port = io.listen(0);
  }

  @AfterEach
  void stop() {
    io.close();
  }

  @Test
  void twoNamespacesShareOneConnection() {
    try (SocketIoClient main = SocketIoClient.to(port).connect();
         SocketIoClient chat = SocketIoClient.to(port).nsp("/chat").auth(Map.of("token", "secret")).sharing(main).connect()) {
      main.await("connect");
      chat.await("connect");
      assertThat(main.emitWithAck("where")).isEqualTo("[\"main\"]");
      assertThat(chat.emitWithAck("where")).isEqualTo("[\"chat\"]");
      assertThat(io.of("/chat").sockets()).hasSize(1);
      assertThat(io.metrics().connections()).isEqualTo(1);
      assertThat(io.metrics().sockets()).isEqualTo(2);
    }
  }

  @Test
  void aMiddlewaresRefusalIsAConnectErrorWithMessageAndData() {
    try (SocketIoClient chat = SocketIoClient.to(port).nsp("/chat").auth(Map.of("token", "wrong")).connect()) {
      String error = chat.await("connect_error");
      assertThat(error).contains("\"message\":\"not authorized\"").contains("\"data\":{\"code\":401}");
      assertThat(io.of("/chat").sockets()).isEmpty();
    }
  }

  @Test
  void anUnknownNamespaceIsRefusedWithInvalidNamespace() {
    try (SocketIoClient nowhere = SocketIoClient.to(port).nsp("/nowhere").connect()) {
      assertThat(nowhere.await("connect_error")).isEqualTo("connect_error [{\"message\":\"Invalid namespace\"}]");
    }
  }

  @Test
  void aMiddlewareThatAnswersFromItsOwnThreadHandsTheNextOneBackToTheLoop() {
    try (SocketIoClient client = SocketIoClient.to(port).nsp("/async").connect()) {
      client.await("connect");
      assertThat(client.emitWithAck("where")).isEqualTo("[\"async\"]");
      assertThat(seen).containsExactly("first on a pool thread", "second on the loop");
    }
  }

  @Test
  void aDynamicNamespaceCanBeDecidedByNameAndAuth() {
    try (SocketIoClient member = SocketIoClient.to(port).nsp("/team-a").auth(Map.of("member", "true")).connect();
         SocketIoClient stranger = SocketIoClient.to(port).nsp("/team-b").auth(Map.of("member", "false")).connect()) {
      member.await("connect");
      assertThat(member.emitWithAck("where")).isEqualTo("[\"team /team-a\"]");
      assertThat(stranger.await("connect_error")).contains("Invalid namespace");
    }
  }

  @Test
  void aDynamicNamespaceIsMadeOnDemandWithItsParentsMiddlewaresAndHandlers() {
    try (SocketIoClient room = SocketIoClient.to(port).nsp("/room-42").connect();
         SocketIoClient other = SocketIoClient.to(port).nsp("/room-x").connect()) {
      room.await("connect");
      assertThat(room.emitWithAck("where")).isEqualTo("[\"/room-42\"]");
      assertThat(seen).containsExactly("middleware /room-42");
      assertThat(other.await("connect_error")).contains("Invalid namespace");
    }
  }
}
