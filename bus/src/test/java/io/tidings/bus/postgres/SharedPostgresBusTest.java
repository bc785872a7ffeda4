package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tidings.bus.Bus;
import io.tidings.bus.BusNamespace;
import io.tidings.bus.MessageType;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One bus per process: two parts of a process that ask {@link PostgresBuses} for a bus with the same settings
 * share one {@link PostgresBus} and its two sessions, each leaves only its own namespaces, and the last one
 * out shuts the bus down.
 */
@Tag("postgres")
class SharedPostgresBusTest {

  private static PgTarget db;
  @RegisterExtension
  final TestBuses buses = new TestBuses();

  @BeforeAll
  static void database() {
    db = TestPostgres.newDatabase();
  }

  private static Bus acquire(PostgresBusConfig config) throws Exception {
    return PostgresBuses.acquire(config).get(30, TimeUnit.SECONDS);
  }

  /**
   * Sessions of bus {@code uid} in {@code pg_stat_activity} (every session of a bus carries its uid in
   * {@code application_name}).
   */
  private static int sessions(String uid) throws SQLException {
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
  void twoPartsWithTheSameSettingsShareOneBusAndTwoSessions() throws Exception {
    PostgresBusConfig config = TestBuses.config(db).build();
    Bus pusher = acquire(config);
    Bus socketIo = acquire(config);
    try {
      assertThat(socketIo.uid()).isEqualTo(pusher.uid());
      pusher.join("/pusher", new RecordingListener());
      socketIo.join("/", new RecordingListener());
      socketIo.join("/chat", new RecordingListener());

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(sessions(pusher.uid())).as("one LISTEN session, one publisher session").isEqualTo(2));
      assertThat(PostgresBuses.running()).isEqualTo(1);
    } finally {
      socketIo.shutdown().get(30, TimeUnit.SECONDS);
      pusher.shutdown().get(30, TimeUnit.SECONDS);
    }
    String uid = pusher.uid();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sessions(uid)).isZero());
    assertThat(PostgresBuses.running()).isZero();
  }

  @Test
  void aPartThatStopsLeavesItsNamespacesAndTheOtherPartKeepsWorking() throws Exception {
    PostgresBusConfig config = TestBuses.config(db).build();
    PostgresBus peer = buses.start(db);
    RecordingListener peerPusher = new RecordingListener();
    RecordingListener peerSocketIo = new RecordingListener();
    peer.join("/pusher", peerPusher);
    BusNamespace peerRoot = peer.join("/", peerSocketIo);

    Bus pusher = acquire(config);
    Bus socketIo = acquire(config);
    RecordingListener received = new RecordingListener();
    try {
      pusher.join("/pusher", new RecordingListener());
      socketIo.join("/", received);
      String uid = pusher.uid();
      await().atMost(Duration.ofSeconds(10)).until(() -> peerPusher.events.contains("joined " + uid)
          && peerSocketIo.events.contains("joined " + uid));

      pusher.shutdown().get(30, TimeUnit.SECONDS);

      await().atMost(Duration.ofSeconds(10)).until(() -> peerPusher.events.contains("closed " + uid));
      assertThat(peerSocketIo.events).as("the other part's namespace stays").doesNotContain("closed " + uid, "timed out " + uid);
      assertThatThrownBy(() -> pusher.join("/again", new RecordingListener())).isInstanceOf(IllegalStateException.class);

      peerRoot.publish(MessageType.BROADCAST, JsonNodeFactory.instance.objectNode().put("n", 1));
      await().atMost(Duration.ofSeconds(10)).until(() -> received.fromPeers(MessageType.BROADCAST).size() == 1);
      assertThat(sessions(uid)).isEqualTo(2);
    } finally {
      socketIo.shutdown().get(30, TimeUnit.SECONDS);
      pusher.shutdown().get(30, TimeUnit.SECONDS);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> peerSocketIo.events.contains("closed " + pusher.uid()));
  }

  @Test
  void afterTheLastLeaseTheNextAcquireStartsAFreshBus() throws Exception {
    PostgresBusConfig config = TestBuses.config(db).build();
    Bus first = acquire(config);
    String firstUid = first.uid();
    first.close();

    Bus second = acquire(config);
    try {
      assertThat(second.uid()).isNotEqualTo(firstUid);
      second.join("/", new RecordingListener());
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sessions(second.uid())).isEqualTo(2));
    } finally {
      second.close();
    }
  }

  @Test
  void differentSettingsGetBusesOfTheirOwn() throws Exception {
    Bus a = acquire(TestBuses.config(db).build());
    Bus b = acquire(TestBuses.config(db).channelPrefix("other").build());
    try {
      assertThat(a.uid()).isNotEqualTo(b.uid());
      assertThat(PostgresBuses.running()).isEqualTo(2);
    } finally {
      a.close();
      b.close();
    }
  }
}
