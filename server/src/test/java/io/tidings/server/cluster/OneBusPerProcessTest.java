package io.tidings.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.bus.Bus;
import io.tidings.bus.BusListener;
import io.tidings.bus.BusMessage;
import io.tidings.bus.postgres.PostgresBuses;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
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
 * LISTEN, one publisher), not four: the Socket.IO side takes a lease on the process's bus for the server's
 * settings and shares it; each side keeps working, and stopping one leaves the other running.
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
  void thePusherServerAndASocketIoPartShareOneBusAndTwoSessions() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    Map<String, String> env = new HashMap<>(db.soketiEnv());
    env.put("SOKETI_ADAPTER_DRIVER", "postgres");
    List<BusMessage> socketIoMessages = new CopyOnWriteArrayList<>();
    TestServer pusher = TestServer.start(env);
    Bus socketIo = PostgresBuses.acquire(BusFactory.postgresConfig(pusher.server().config())).get(30, TimeUnit.SECONDS);
    String uid = socketIo.uid();
    try {
      assertThat(pusher.server().context().cluster().nodeUid()).as("the Pusher server's bus").isEqualTo(uid);
      socketIo.join("/", new BusListener() {
        @Override public void onMessage(BusMessage m) { socketIoMessages.add(m); }
      });
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(sessions(db, uid)).as("one LISTEN session and one publisher session").isEqualTo(2));

      // Both sides work on the one bus: a Pusher event reaches its subscriber, a Socket.IO message comes back.
      try (RawWebSocket ws = RawWebSocket.established(pusher.wsUrl())) {
        ws.subscribe("news");
        assertThat(SignedApi.forDefaultApp(pusher).post("/apps/app-id/events",
            "{\"name\":\"hello\",\"channel\":\"news\",\"data\":\"{}\"}").statusCode()).isEqualTo(200);
        assertThat(ws.nextEvent("hello")).isNotNull();
      }
      socketIo.join("/chat", new BusListener() {
        @Override public void onMessage(BusMessage m) { socketIoMessages.add(m); }
      }).publishRaw(3, "{\"n\":1}");
      await().atMost(Duration.ofSeconds(10)).until(() -> socketIoMessages.stream().anyMatch(m -> "/chat".equals(m.nsp())));
    } finally {
      pusher.close();
    }
    // The Pusher server stopped: its lease is released, the Socket.IO side keeps the bus and its sessions.
    assertThat(sessions(db, uid)).isEqualTo(2);
    assertThat(PostgresBuses.running()).isEqualTo(1);
    socketIo.shutdown().get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sessions(db, uid)).isZero());
  }
}
