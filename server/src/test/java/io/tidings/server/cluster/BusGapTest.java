package io.tidings.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.Reliability;
import io.tidings.server.support.ServerProcess;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.SteadyTraffic;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * No loss across a bus gap, end to end: in a three-node cluster under steady traffic, one node's LISTEN
 * connection is kept down (its PostgreSQL role refused new logins, its LISTEN backend terminated; its
 * publisher connection stays up). Its local delivery never stops; once it hears again, its subscribers get
 * every event the other nodes published meanwhile, in order, exactly once, and its cluster view (a presence
 * member who joined elsewhere, a channel occupied elsewhere) catches up without anyone re-subscribing.
 */
@Tag("postgres")
class BusGapTest {

  static Map<String, String> env(PgTarget db) {
    Map<String, String> env = new HashMap<>(NodeFailureTest.clusterEnv(db));
    env.put("SOKETI_METRICS_ENABLED", "true");
    return env;
  }

  @Test
  void aNodeDeafForThreeSecondsMissesNothing() throws Exception {
    deafNodeMissesNothing(3_000);
  }

  @Test
  @Tag("long")
  void aNodeDeafForTenSecondsMissesNothing() throws Exception {
    deafNodeMissesNothing(10_000);
  }

  private void deafNodeMissesNothing(long gapMillis) throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    PgTarget role = TestPostgres.withOwnRole(db);
    try (ServerProcess a = ServerProcess.start(env(db));
         ServerProcess b = ServerProcess.start(env(db));
         ServerProcess r = ServerProcess.start(env(role));
         RawWebSocket subA = RawWebSocket.established(a.wsUrl("app-key"));
         RawWebSocket subB = RawWebSocket.established(b.wsUrl("app-key"));
         RawWebSocket subR = RawWebSocket.established(r.wsUrl("app-key"));
         RawWebSocket watcher = RawWebSocket.established(r.wsUrl("app-key"));
         RawWebSocket joiner = RawWebSocket.established(a.wsUrl("app-key"));
         RawWebSocket occupier = RawWebSocket.established(b.wsUrl("app-key"))) {
      for (RawWebSocket s : new RawWebSocket[] {subA, subB, subR}) assertThat(s.subscribe("feed")).contains("succeeded");
      NodeFailureTest.joinPresence(watcher, "presence-room", "watcher");
      SignedApi viaR = new SignedApi(r.httpBase(), "app-key", "app-secret");
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
          assertThat(new SignedApi(a.httpBase(), "app-key", "app-secret").get("/apps/app-id/channels").body()).contains("presence-room"));

      try (SteadyTraffic traffic = new SteadyTraffic("feed", 20, 5_000)
          .source("a", new SignedApi(a.httpBase(), "app-key", "app-secret"))
          .source("b", new SignedApi(b.httpBase(), "app-key", "app-secret"))
          .source("r", viaR)
          .subscriber("a", subA).subscriber("b", subB).subscriber("r", subR)
          .start()) {
        await().atMost(Duration.ofSeconds(15)).until(() -> traffic.received("r", "a") > 10 && traffic.received("a", "r") > 10);

        long deafAt = System.nanoTime();
        TestPostgres.allowLogin(db, role.user(), false);
        long localDuringGap;
        try {
          assertThat(TestPostgres.terminateBackends(db, "tidings-bus " + r.busUid(), "LISTEN")).isEqualTo(1);
          // Meanwhile, elsewhere: a member joins, a channel gets its first subscriber.
          NodeFailureTest.joinPresence(joiner, "presence-room", "joiner");
          assertThat(occupier.subscribe("occupied-during-gap")).contains("succeeded");
          long localBefore = traffic.received("r", "r");
          Thread.sleep(gapMillis);
          localDuringGap = traffic.received("r", "r") - localBefore;
        } finally {
          TestPostgres.allowLogin(db, role.user(), true);
        }
        assertThat(localDuringGap).as("local delivery on the deaf node never stopped").isPositive();

        assertThat(watcher.nextEvent("pusher_internal:member_added").toString()).contains("joiner");
        long caughtUpMillis = Reliability.millisSince(deafAt);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
            assertThat(viaR.get("/apps/app-id/channels").body()).contains("occupied-during-gap"));
        Thread.sleep(1_000);
        traffic.stop();
        boolean complete = traffic.awaitComplete(Duration.ofSeconds(30));

        Map<String, Long> totals = traffic.totals();
        Reliability.of("bus-gap-" + gapMillis / 1000 + "s")
            .put("gapMs", gapMillis)
            .putTraffic(totals)
            .put("localDeliveredOnDeafNodeDuringGap", localDuringGap)
            .put("memberAddedSeenAfterMs", caughtUpMillis)
            .put("busMissed", (long) r.metric("tidings_bus_missed_messages_total"))
            .put("busReplayed", (long) r.metric("tidings_bus_replayed_messages_total"))
            .put("busUnrecovered", (long) r.metric("tidings_bus_unrecovered_messages_total"))
            .put("ringBytesOnA", (long) a.metric("tidings_bus_replay_ring_bytes"))
            .print();
        assertThat(complete).as(traffic.tally().toString()).isTrue();
        assertThat(totals.get("duplicates")).isZero();
        assertThat(totals.get("outOfOrder")).isZero();
        assertThat(totals.get("refused")).isZero();
        assertThat(r.metric("tidings_bus_missed_messages_total")).as("the gap was real").isPositive();
        assertThat(r.metric("tidings_bus_unrecovered_messages_total")).isZero();
        String more = watcher.poll(500);
        assertThat(more == null || !more.contains("member_added")).as("member_added once, not " + more).isTrue();
      }
      assertThat(a.isAlive() && b.isAlive() && r.isAlive()).isTrue();
    }
  }
}
