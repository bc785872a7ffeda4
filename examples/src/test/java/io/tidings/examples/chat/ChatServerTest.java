package io.tidings.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.testing.socketio.SocketIoClient;
import java.net.URI;
import java.util.Map;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Two real clients (socket.io-client for Java) chat through the example; its page and the client script are served. */
class ChatServerTest {

  private static final String[] EVENTS = {"login", "login error", "user joined", "user left", "new message", "typing",
      "stop typing"};

  private ChatServer server;

  @BeforeEach
  void start() {
    server = ChatServer.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private SocketIoClient client(String transport) {
    SocketIoClient c = SocketIoClient.to(server.port()).transport(transport).connect(EVENTS);
    c.await("connect");
    return c;
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "polling"})
  void twoPeopleJoinTalkTypeAndOneLeaves(String transport) {
    try (SocketIoClient ann = client(transport)) {
      ann.socket.emit("add user", "Ann");
      assertThat(ann.await("login")).isEqualTo("login [{\"numUsers\":1}]");

      try (SocketIoClient bob = client(transport)) {
        bob.socket.emit("add user", " Bob ");
        assertThat(bob.await("login")).isEqualTo("login [{\"numUsers\":2}]");
        assertThat(ann.await("user joined")).isEqualTo("user joined [{\"numUsers\":2,\"username\":\"Bob\"}]");

        ann.socket.emit("new message", "hello Bob");
        assertThat(bob.await("new message")).isEqualTo("new message [{\"message\":\"hello Bob\",\"username\":\"Ann\"}]");
        bob.socket.emit("typing");
        assertThat(ann.await("typing")).isEqualTo("typing [{\"username\":\"Bob\"}]");
        bob.socket.emit("stop typing");
        assertThat(ann.await("stop typing")).isEqualTo("stop typing [{\"username\":\"Bob\"}]");
        bob.socket.emit("new message", "hi Ann");
        assertThat(ann.await("new message")).isEqualTo("new message [{\"message\":\"hi Ann\",\"username\":\"Bob\"}]");
      }
      assertThat(ann.await("user left")).isEqualTo("user left [{\"numUsers\":1,\"username\":\"Bob\"}]");
      // Ann never hears her own message or her own typing back.
      assertThat(ann.heard).noneMatch(l -> l.contains("\"username\":\"Ann\""));
    }
  }

  @Test
  void aBadOrSecondNicknameIsRefusedAndMessagesWithoutOneAreIgnored() {
    try (SocketIoClient eve = client("websocket"); SocketIoClient ann = client("websocket")) {
      eve.socket.emit("new message", "before any nickname");
      eve.socket.emit("add user", "x".repeat(33));
      assertThat(eve.await("login error")).isEqualTo("login error [\"a nickname has 1 to 32 characters\"]");
      eve.socket.emit("add user", 42);
      assertThat(eve.await("login error")).isEqualTo("login error [\"a nickname has 1 to 32 characters\"]");

      ann.socket.emit("add user", "Ann");
      assertThat(ann.await("login")).isEqualTo("login [{\"numUsers\":1}]");
      ann.socket.emit("add user", "Ann again");
      assertThat(ann.await("login error")).isEqualTo("login error [\"you already have a nickname\"]");
      ann.socket.emit("new message", "the first message anyone hears");
      assertThat(eve.await("new message")).isEqualTo(
          "new message [{\"message\":\"the first message anyone hears\",\"username\":\"Ann\"}]");
      assertThat(ann.heard).noneMatch(l -> l.startsWith("new message"));
    }
  }

  @Test
  void thePageAndTheBrowserClientAreServed() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body()).contains("<script src=\"/socket.io/socket.io.js\"></script>", "<script src=\"chat.js\">");

    HttpResponse<String> script = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/chat.js")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(script.body()).contains("socket.emit(\"add user\", nickname)");

    HttpResponse<String> client = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/socket.io/socket.io.js")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(client.statusCode()).isEqualTo(200);
    assertThat(client.body()).startsWith("/*!\n * Socket.IO v4.8.4");

    HttpResponse<String> missing = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/../pom.xml")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void theAdminUiIsServedAndItsNamespaceListsTheParticipantsWithTheirNicknames() throws Exception {
    HttpResponse<String> ui = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/admin-ui/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.body()).contains("<title>Socket.IO Admin UI</title>");

    try (SocketIoClient ann = client("websocket")) {
      ann.socket.emit("add user", "Ann");
      ann.await("login");
      try (SocketIoClient refused = SocketIoClient.to(server.port()).nsp("/admin")
          .auth(Map.of("username", "admin", "password", "wrong")).connect("all_sockets")) {
        assertThat(refused.await("connect_error")).contains("invalid credentials");
      }
      try (SocketIoClient admin = SocketIoClient.to(server.port()).nsp("/admin")
          .auth(Map.of("username", "admin", "password", "changeit")).connect("all_sockets")) {
        String sockets = admin.await("all_sockets");
        assertThat(sockets).contains("\"id\":\"" + ann.socket.id() + "\"").contains("\"data\":{\"value\":\"Ann\"}");
      }
    }
  }
}
