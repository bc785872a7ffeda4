package io.tidings.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.server.support.PrometheusText;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The read barrier after the bus dropped one of this node's own changes: HTTP reads of the cluster view
 * ({@code /channels}, {@code /users}) wait until this node's earlier changes are back from the bus, at most
 * 250 ms. A change the bus refused (its outgoing queue full) never comes back, so it must neither be waited
 * for by every later read nor be missing from the view for good.
 *
 * <p>One node on a real PostgreSQL with an outgoing queue of 4 messages. The queue is filled for real, as in
 * {@code EventsWhenTheBusIsFullTest}: a session locks the attachment table, so the publisher stalls on the
 * INSERT of a large event and what follows waits; a subscription made then finds the queue full. The reads
 * that follow, once the lock is gone, are counted by the barrier's time-out metric, never timed.
 */
@Tag("postgres")
class ReadBarrierAfterDropsTest {

  private static final String TIMEOUTS = "tidings_read_barrier_timeouts_total";

  @Test
  void aChangeTheBusDroppedNeitherHoldsLaterReadsNorStaysMissingFromTheView() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    Map<String, String> env = new HashMap<>(db.soketiEnv());
    env.put("SOKETI_ADAPTER_DRIVER", "postgres");
    env.put("SOKETI_ADAPTER_POSTGRES_OUTGOING_QUEUE_LIMIT", "4");
    env.put("SOKETI_METRICS_ENABLED", "true");
    try (TestServer server = TestServer.start(env);
         RawWebSocket early = RawWebSocket.established(server.wsUrl());
         RawWebSocket late = RawWebSocket.established(server.wsUrl())) {
      SignedApi api = SignedApi.forDefaultApp(server);
      assertThat(early.subscribe("before-the-stall")).contains("succeeded");
      assertThat(api.get("/apps/app-id/channels").body()).contains("before-the-stall");
      double timeoutsBefore = metric(server, TIMEOUTS);

      double droppedBefore;
      try (Connection lock = TestPostgres.connect(db)) {
        lock.setAutoCommit(false);
        try (Statement s = lock.createStatement()) {
          s.execute("LOCK TABLE socket_io_attachments IN ACCESS EXCLUSIVE MODE");
        }
        // A large event goes through the attachment table: its INSERT waits for the lock, and everything
        // published after it waits behind it, until the queue is full and events are refused.
        assertThat(post(api, "b".repeat(9_000))).isEqualTo(200);
        boolean full = false;
        for (int i = 0; i < 20 && !full; i++) full = post(api, "small") == 503;
        assertThat(full).as("the outgoing queue filled up").isTrue();

        droppedBefore = metric(server, "tidings_bus_dropped_messages_total");
        assertThat(late.subscribe("during-the-stall")).contains("succeeded");
        assertThat(metric(server, "tidings_bus_dropped_messages_total"))
            .as("the subscription's announcement found the queue full").isGreaterThan(droppedBefore);
        lock.rollback();
      }
      // What was queued flows; the bus takes messages again.
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> post(api, "after") == 200);
      await().atMost(Duration.ofSeconds(10)).until(() -> metric(server, "tidings_bus_queued_messages") == 0);

      for (int i = 0; i < 3; i++) {
        assertThat(api.get("/apps/app-id/channels").statusCode()).isEqualTo(200);
        assertThat(api.get("/apps/app-id/channels/before-the-stall").statusCode()).isEqualTo(200);
      }
      assertThat(metric(server, TIMEOUTS) - timeoutsBefore)
          .as("reads after the drop waited for the dropped change until the cap").isZero();
      // The dropped announcement is made again: the view (every node's) has the subscription.
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(api.get("/apps/app-id/channels").body()).contains("during-the-stall"));
      assertThat(metric(server, TIMEOUTS) - timeoutsBefore).isZero();
    }
  }

  private static int post(SignedApi api, String data) {
    return api.post("/apps/app-id/events",
        "{\"name\":\"e\",\"channel\":\"news\",\"data\":\"" + data + "\"}").statusCode();
  }

  private static double metric(TestServer server, String name) {
    return PrometheusText.valueOrZero(server.scrape(), name, Map.of());
  }
}
