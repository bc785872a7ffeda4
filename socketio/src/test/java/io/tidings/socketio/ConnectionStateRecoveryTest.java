package io.tidings.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.testing.socketio.SocketIoClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connection state recovery, spoken by hand as socket.io-client 4.8 speaks it: the CONNECT answer carries a
 * {@code pid}, broadcasts carry an offset as their last argument, and a client that comes back with
 * {@code {"pid","offset"}} gets its id, rooms and data back and the broadcasts it missed, in order, those of
 * rooms it was not in left out; the middlewares are skipped.
 */
class ConnectionStateRecoveryTest {

  private static final Pattern CONNECT = Pattern.compile("0\\{\"sid\":\"([A-Za-z0-9_-]{20})\",\"pid\":\"([A-Za-z0-9_-]{20})\"\\}");
  private static final Pattern NEWS = Pattern.compile("2\\[\"news\",(\\d+),\"([a-z0-9]+)\"\\]");

  private SocketIoServer io;
  private int port;
  private final Map<String, Socket> byId = new ConcurrentHashMap<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    io = SocketIoServer.newBuilder().connectionStateRecovery(Duration.ofMinutes(2), true).build();
    io.use((socket, next) -> {
      seen.add("middleware");
      next.proceed();
    });
    io.on("connection", socket -> {
      seen.add((socket.recovered() ? "recovered " : "new ") + socket.id());
      if (!socket.recovered()) {
        socket.join("room");
        socket.data("kept");
      }
      byId.put(socket.id(), socket);
    });
    port = io.listen(0);
  }

  @AfterEach
  void stop() {
    io.close();
  }

  @Test
  void aClientThatComesBackGetsItsSessionAndTheBroadcastsItMissed() {
    String sid;
    String pid;
    String offset;
    try (RawClient first = RawClient.open(port, "polling")) {
      first.send("0");
      Matcher m = CONNECT.matcher(first.next());
      assertThat(m.matches()).isTrue();
      sid = m.group(1);
      pid = m.group(2);
      Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> byId.containsKey(sid));

      io.to("room").emit("news", 1);
      Matcher news = NEWS.matcher(first.next());
      assertThat(news.matches()).isTrue();
      assertThat(news.group(1)).isEqualTo("1");
      offset = news.group(2);
    }
    Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> !byId.get(sid).connected());

    io.to("room").emit("news", 2);
    io.to("elsewhere").emit("news", 99);
    io.emit("news", 3);
    io.except("room").emit("news", 98);

    try (RawClient again = RawClient.open(port, "websocket")) {
      again.send("0{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");
      assertThat(again.next()).isEqualTo("0{\"sid\":\"" + sid + "\",\"pid\":\"" + pid + "\"}");
      Matcher two = NEWS.matcher(again.next());
      Matcher three = NEWS.matcher(again.next());
      assertThat(two.matches() && three.matches()).isTrue();
      assertThat(List.of(two.group(1), three.group(1))).containsExactly("2", "3");

      Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> seen.contains("recovered " + sid));
      assertThat(seen).containsExactly("middleware", "new " + sid, "recovered " + sid);
      Socket back = byId.get(sid);
      assertThat(back.recovered()).isTrue();
      assertThat(back.rooms()).containsExactlyInAnyOrder(sid, "room");
      assertThat(back.data()).isEqualTo("kept");
    }
  }

  @Test
  void anUnknownSessionGetsANewSocket() {
    try (RawClient raw = RawClient.open(port, "websocket")) {
      raw.send("0{\"pid\":\"nobody\",\"offset\":\"nothing\"}");
      Matcher m = CONNECT.matcher(raw.next());
      assertThat(m.matches()).isTrue();
      Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> seen.size() == 2);
      assertThat(seen).containsExactly("middleware", "new " + m.group(1));
    }
  }
}
