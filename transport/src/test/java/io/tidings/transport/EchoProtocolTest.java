package io.tidings.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.transport.support.EchoProtocol;
import io.tidings.transport.support.QueueingClient;
import io.tidings.testing.http.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A protocol that is not Pusher, on the transport: echo, rooms and broadcasts over real sockets. */
class EchoProtocolTest {

  static EchoProtocol echo;

  @BeforeAll
  static void start() {
    echo = EchoProtocol.start(TransportOptions.newBuilder().eventLoopThreads(3));
  }

  @AfterAll
  static void stop() {
    echo.close();
  }

  static QueueingClient client() {
    QueueingClient c = QueueingClient.connect("ws://127.0.0.1:" + echo.port() + "/ws");
    assertThat(c.next()).startsWith("loop:");
    return c;
  }

  static void join(QueueingClient c, String... rooms) {
    for (String room : rooms) {
      c.send("join:" + room);
      assertThat(c.next()).isEqualTo("joined:" + room);
    }
  }

  @Test
  void textAndBinaryMessagesAreEchoed() {
    QueueingClient c = client();
    try {
      c.send("hello, transport");
      c.send("bytes too".getBytes(StandardCharsets.UTF_8));
      assertThat(c.next()).isEqualTo("hello, transport");
      assertThat(c.next()).isEqualTo("bin:bytes too");
    } finally {
      c.close();
    }
  }

  @Test
  void aBroadcastReachesTheUnionOfRoomsMinusTheExceptedRoomsEachOnceAcrossLoops() throws Exception {
    // Who is in which rooms; the broadcast goes to a ∪ b minus c.
    String[][] rooms = {{"a"}, {"b"}, {"a", "b"}, {"a", "c"}, {"c"}, {}, {"a", "b", "d"}, {"b", "c"}, {"d"}};
    Set<Integer> expected = Set.of(0, 1, 2, 6);
    List<QueueingClient> clients = new ArrayList<>();
    Set<String> loops = new HashSet<>();
    try {
      for (String[] r : rooms) {
        QueueingClient c = QueueingClient.connect("ws://127.0.0.1:" + echo.port() + "/ws");
        loops.add(c.next());
        join(c, r);
        join(c, "all");
        clients.add(c);
      }
      echo.broadcast(List.of("a", "b"), List.of("c"), "hello");
      echo.broadcast(List.of("all"), List.of(), "end");
      for (int i = 0; i < clients.size(); i++) {
        List<String> got = new ArrayList<>();
        for (String m = clients.get(i).next(); !m.equals("end"); m = clients.get(i).next()) got.add(m);
        assertThat(got).as("client %d in %s", i, List.of(rooms[i])).isEqualTo(expected.contains(i) ? List.of("hello") : List.of());
      }
      assertThat(loops).as("the connections' loops").hasSize(3);
    } finally {
      clients.forEach(QueueingClient::close);
    }
  }

  @Test
  void aBroadcastsBinaryAttachmentsFollowItsTextInOrder() {
    QueueingClient c = client();
    try {
      join(c, "attachments");
      echo.broadcast(List.of("attachments"), List.of(), "451-[\"file\",{\"_placeholder\":true,\"num\":0}]",
          "first".getBytes(StandardCharsets.UTF_8), "second".getBytes(StandardCharsets.UTF_8));
      assertThat(List.of(c.next(), c.next(), c.next()))
          .containsExactly("451-[\"file\",{\"_placeholder\":true,\"num\":0}]", "bin:first", "bin:second");
    } finally {
      c.close();
    }
  }

  @Test
  void anUpgradeTheProtocolRefusesGetsTheProtocolsOwnHttpError() throws Exception {
    RawHttp.Response r = RawHttp.exchange(echo.port(), "GET /ws?refuse=1 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
  }

  @Test
  void anUpgradeWithAnUnknownWebSocketVersionGets426NamingVersion13() throws Exception {
    RawHttp.Response r = RawHttp.exchange(echo.port(), "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 99\r\n\r\n");
    assertThat(r.status()).isEqualTo(426);
    assertThat(r.header("Sec-WebSocket-Version")).isEqualTo("13");
  }

  @Test
  void anUpgradeWithoutAKeyGetsTheProtocols400() throws Exception {
    try (RawHttp http = new RawHttp(echo.port(), 10_000)) {
      http.send("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n");
      RawHttp.Response r = http.response();
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.text()).isEqualTo("{\"code\":400,\"message\":\"Not a WebSocket handshake: Sec-WebSocket-Key is missing.\"}");
      // Still an HTTP connection.
      http.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nafter");
      assertThat(http.response().text()).isEqualTo("after");
    }
  }

  @Test
  void anUpgradeRequestOnAPathWithNoWebSocketRouteIsServedAsHttp() throws Exception {
    RawHttp.Response r = RawHttp.exchange(echo.port(), "GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + "Content-Length: 4\r\n\r\nping");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("ping");
  }
}
