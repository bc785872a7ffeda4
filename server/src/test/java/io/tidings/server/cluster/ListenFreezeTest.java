package io.tidings.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.Reliability;
import io.tidings.server.support.ServerProcess;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.SteadyTraffic;
import io.tidings.testing.FreezingProxy;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, end to end: node B's LISTEN connection goes silent without closing (the proxy between B and
 * PostgreSQL stops forwarding it both ways, as a vanished NAT entry, a pulled cable or a frozen VM would)
 * while 50 events a second are published on node A through the HTTP API to a subscriber on B. B gives the
 * connection up without waiting for it, opens another within the heartbeat timeout (the default 10 s), and
 * replay fills the gap: the subscriber gets every event once, in order; A's presence member stays in B's
 * view throughout (B never declared A gone). Before the fix, B stayed deaf until it was stopped.
 */
@Tag("postgres")
class ListenFreezeTest {

  private static final long PUBLISH_EVERY_MILLIS = 20;

  private static Map<String, String> env(PgTarget db) {
    Map<String, String> env = new HashMap<>(db.soketiEnv());
    env.put("SOKETI_ADAPTER_DRIVER", "postgres");
    env.put("SOKETI_METRICS_ENABLED", "true");
    return env; // the default heartbeats: every 5 s, gone after 10 s
  }

  @Test
  void aFrozenListenConnectionIsReplacedAndTheSubscriberMissesNothing() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    try (FreezingProxy proxy = FreezingProxy.to(db)) {
      // Both JVMs start at once: half the wait on a two-core machine.
      CompletableFuture<ServerProcess> startingA = CompletableFuture.supplyAsync(() -> ServerProcess.start(env(db)));
      ServerProcess b;
      try {
        b = ServerProcess.start(env(proxy.target(db)));
      } catch (RuntimeException | AssertionError e) {
        startingA.thenAccept(ServerProcess::close);
        throw e;
      }
      try (b; ServerProcess a = startingA.join()) {
        freezeUnderTraffic(db, proxy, a, b);
      }
    }
  }

  private void freezeUnderTraffic(PgTarget db, FreezingProxy proxy, ServerProcess a, ServerProcess b) throws Exception {
    try (RawWebSocket subB = RawWebSocket.established(b.wsUrl("app-key"));
         RawWebSocket memberOnA = RawWebSocket.established(a.wsUrl("app-key"));
         RawWebSocket watcherOnB = RawWebSocket.established(b.wsUrl("app-key"))) {
      assertThat(subB.subscribe("feed")).contains("succeeded");
      NodeFailureTest.joinPresence(watcherOnB, "presence-room", "watcher");
      NodeFailureTest.joinPresence(memberOnA, "presence-room", "member-on-a");
      assertThat(watcherOnB.nextEvent("pusher_internal:member_added").toString()).contains("member-on-a");
      SignedApi viaB = new SignedApi(b.httpBase(), "app-key", "app-secret");

      try (SteadyTraffic traffic = new SteadyTraffic("feed", PUBLISH_EVERY_MILLIS, 10_000)
          .source("a", new SignedApi(a.httpBase(), "app-key", "app-secret"))
          .subscriber("b", subB)
          .start()) {
        await().atMost(Duration.ofSeconds(15)).until(() -> traffic.received("b", "a") > 20);
        List<Integer> ports = TestPostgres.clientPorts(db, "tidings-bus " + b.busUid(), "LISTEN");
        assertThat(ports).as("B's LISTEN session").hasSize(1);
        FreezingProxy.Link listen = proxy.linkFromUpstreamPort(ports.get(0)).orElseThrow();
        double reconnectsBefore = b.metric("tidings_bus_listen_reconnects_total");

        long frozenAt = System.nanoTime();
        listen.freeze();
        long receivedAtFreeze = traffic.received("b", "a");
        // Until B hears again, A's member must stay in B's view, and B must keep counting A as a peer.
        List<String> viewDuringOutage = new ArrayList<>();
        long recoveredMs = -1;
        while (Reliability.millisSince(frozenAt) < 30_000) {
          if (traffic.received("b", "a") > receivedAtFreeze + 5) {
            recoveredMs = Reliability.millisSince(frozenAt);
            break;
          }
          String users = viaB.get("/apps/app-id/channels/presence-room/users").body();
          double peers = b.metric("tidings_bus_peers");
          if (!users.contains("member-on-a") || peers < 1) {
            viewDuringOutage.add(Reliability.millisSince(frozenAt) + " ms: peers=" + peers + " users=" + users);
          }
          Thread.sleep(250);
        }
        assertThat(recoveredMs).as("B heard A again").isPositive();
        // B terminated its abandoned backend, which would otherwise hold PostgreSQL's notification queue.
        await().atMost(Duration.ofSeconds(10)).until(() -> !TestPostgres.backendOnClientPort(db, listen.upstreamLocalPort()));
        Thread.sleep(2_000);
        traffic.stop();
        boolean complete = traffic.awaitComplete(Duration.ofSeconds(30));
        // Whatever the old connection still held comes out now; it must change nothing.
        listen.unfreeze();
        Thread.sleep(500);

        Map<String, Long> totals = traffic.totals();
        String more = watcherOnB.poll(500);
        Reliability.of("listen-frozen")
            .put("heartbeatTimeoutMs", 10_000)
            .put("recoveredMs", recoveredMs)
            .putTraffic(totals)
            .put("listenReconnectsOnB", (long) (b.metric("tidings_bus_listen_reconnects_total") - reconnectsBefore))
            .put("busMissedOnB", (long) b.metric("tidings_bus_missed_messages_total"))
            .put("busReplayedOnB", (long) b.metric("tidings_bus_replayed_messages_total"))
            .put("busUnrecoveredOnB", (long) b.metric("tidings_bus_unrecovered_messages_total"))
            .put("viewLapses", viewDuringOutage.size())
            .print();
        assertThat(complete).as(traffic.tally().toString()).isTrue();
        assertThat(totals.get("missing")).isZero();
        assertThat(totals.get("duplicates")).isZero();
        assertThat(totals.get("outOfOrder")).isZero();
        assertThat(totals.get("refused")).isZero();
        assertThat(viewDuringOutage).as("A's member and A itself stayed in B's view").isEmpty();
        assertThat(more == null || !more.contains("member_removed")).as("no member_removed: " + more).isTrue();
        assertThat(viaB.get("/apps/app-id/channels/presence-room/users").body()).contains("member-on-a");
        assertThat(b.metric("tidings_bus_listen_reconnects_total") - reconnectsBefore).isEqualTo(1);
        assertThat(b.metric("tidings_bus_unrecovered_messages_total")).isZero();
        assertThat(b.metric("tidings_bus_missed_messages_total")).as("the gap was real").isPositive();
      }
      assertThat(a.isAlive() && b.isAlive()).isTrue();
    }
  }
}
