package io.tidings.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socket.client.IO;
import io.socket.client.Socket;
import io.tidings.bus.postgres.PostgresBus;
import io.tidings.bus.postgres.PostgresBuses;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import io.tidings.socketio.SocketIoServer;
import io.tidings.socketio.cluster.PostgresAdapterFactory;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A process running the Pusher server and a Socket.IO server together holds two PostgreSQL sessions (one
 * LISTEN, one publisher), not four: the Socket.IO server's PostgreSQL adapter takes a lease on the process's bus
 * for the Pusher server's settings. Both keep working on it, and stopping one leaves the other running.
 */
@Tag("postgres")
class OneBusPerProcessTest {

  private static int sessions(PgTarget db, String uid) throws SQLException {
    try (Connection c = TestPostgres.connect(db);
         PreparedStatement st = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
      st.setString(1, "tidings-bus " + uid);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  void thePusherServerAndASocketIoServerShareOneBusAndTwoSessions() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    Map<String, String> env = new HashMap<>(db.soketiEnv());
    env.put("SOKETI_ADAPTER_DRIVER", "postgres");
    TestServer pusher = TestServer.start(env);
    PostgresAdapterFactory cluster = PostgresAdapterFactory.start(BusFactory.postgresConfig(pusher.server().config()));
    SocketIoServer io = SocketIoServer.newBuilder().adapter(cluster).build();
    io.of("/");
    int ioPort = io.listen(0);
    String uid = cluster.bus().uid();
    // Another Socket.IO node, in this JVM but on a bus of its own, to broadcast from.
    PostgresBus otherBus = PostgresBus.start(BusFactory.postgresConfig(pusher.server().config())).get(30, TimeUnit.SECONDS);
    SocketIoServer other = SocketIoServer.newBuilder().adapter(PostgresAdapterFactory.on(otherBus, Duration.ofSeconds(5))).build();
    other.of("/");
    other.listen(0);
    List<String> heard = new CopyOnWriteArrayList<>();
    IO.Options options = new IO.Options();
    options.transports = new String[] {"websocket"};
    options.reconnection = false;
    Socket client = IO.socket(URI.create("http://127.0.0.1:" + ioPort + "/"), options);
    client.on("news", a -> heard.add(String.valueOf(a[0])));
    try {
      assertThat(pusher.server().context().cluster().nodeUid()).as("the Pusher server's bus").isEqualTo(uid);
      cluster.whenListening().get(10, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(sessions(db, uid)).as("one LISTEN session and one publisher session").isEqualTo(2));

      // The Pusher side works: an event reaches its subscriber.
      try (RawWebSocket ws = RawWebSocket.established(pusher.wsUrl())) {
        ws.subscribe("news");
        assertThat(SignedApi.forDefaultApp(pusher).post("/apps/app-id/events",
            "{\"name\":\"hello\",\"channel\":\"news\",\"data\":\"{}\"}").statusCode()).isEqualTo(200);
        assertThat(ws.nextEvent("hello")).isNotNull();
      }
      // The Socket.IO side works: another node's broadcast reaches this one's client.
      client.connect();
      await().atMost(Duration.ofSeconds(10)).until(client::connected);
      await().atMost(Duration.ofSeconds(10)).until(() -> other.of("/").adapter().serverCount().get() == 2);
      other.of("/").emit("news", "from the other node");
      await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("from the other node"));
    } finally {
      client.close();
      pusher.close();
    }
    // The Pusher server stopped: its lease is released, the Socket.IO server keeps the bus and its sessions.
    assertThat(sessions(db, uid)).isEqualTo(2);
    io.close();
    cluster.close();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sessions(db, uid)).isZero());
    assertThat(PostgresBuses.running()).isZero();
    other.close();
    otherBus.close();
  }
}
