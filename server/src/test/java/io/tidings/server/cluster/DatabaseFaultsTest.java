package io.tidings.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.Reliability;
import io.tidings.server.support.ServerProcess;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.SteadyTraffic;
import io.tidings.server.support.TestApps;
import io.tidings.testing.RestartablePostgres;
import io.tidings.testing.TestPostgres;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The database misbehaves under a two-node cluster carrying steady cross-node traffic, with the
 * PostgreSQL app manager and its cache on (a private PostgreSQL, so it can be stopped): the bus's LISTEN
 * backends terminated, its publisher backends terminated, PostgreSQL stopped and started again. Each time
 * no process dies, local delivery never stops, apps keep being served from the cache, and the cluster heals
 * by itself with nothing lost, duplicated or reordered (counted per subscriber and source). Delivery times
 * are measured and reported, never asserted.
 */
@Tag("postgres")
class DatabaseFaultsTest {

  private static final AtomicInteger CHANNELS = new AtomicInteger();
  static RestartablePostgres pg;
  static ServerProcess a;
  static ServerProcess b;

  @BeforeAll
  static void cluster() {
    pg = TestPostgres.dedicated();
    TestApps apps = TestApps.in(pg.target(), "apps");
    apps.execute(TestApps.SOKETI_DDL);
    apps.withTrigger();
    apps.add("app-id", "app-key", "app-secret");
    Map<String, String> env = new HashMap<>(apps.env());
    env.put("SOKETI_ADAPTER_DRIVER", "postgres");
    env.put("SOKETI_ADAPTER_POSTGRES_HEARTBEAT_INTERVAL", "500");
    env.put("SOKETI_ADAPTER_POSTGRES_HEARTBEAT_TIMEOUT", "2000");
    env.put("SOKETI_APP_MANAGER_CACHE_ENABLED", "true");
    env.put("SOKETI_APP_MANAGER_CACHE_TTL", "-1");
    env.put("SOKETI_METRICS_ENABLED", "true");
    a = ServerProcess.start(env);
    b = ServerProcess.start(env);
  }

  @AfterEach
  void databaseBack() {
    pg.start();
  }

  @AfterAll
  static void stop() {
    if (a != null) a.close();
    if (b != null) b.close();
    if (pg != null) pg.close();
  }

  interface Fault {
    void inject() throws Exception;
  }

  @Test
  void theListenBackendsTerminated() throws Exception {
    underTraffic("listen-backends-terminated", () ->
        assertThat(TestPostgres.terminateBackends(pg.target(), "LISTEN")).isGreaterThanOrEqualTo(2));
  }

  @Test
  void thePublisherBackendsTerminated() throws Exception {
    underTraffic("publisher-backends-terminated", () ->
        assertThat(TestPostgres.terminateBackends(pg.target(), "SELECT pg_notify")).isGreaterThanOrEqualTo(2));
  }

  @Test
  void postgresStoppedForThreeSeconds() throws Exception {
    underTraffic("postgres-stopped-3s", () -> outage(3_000));
  }

  @Test
  @Tag("long")
  void postgresStoppedForTenSeconds() throws Exception {
    underTraffic("postgres-stopped-10s", () -> outage(10_000));
  }

  /** Stops PostgreSQL for {@code millis}; meanwhile a new socket of the cached app is still served. */
  private static void outage(long millis) throws Exception {
    pg.stop();
    long until = System.nanoTime() + millis * 1_000_000;
    try (RawWebSocket fresh = RawWebSocket.established(a.wsUrl("app-key"))) {
      assertThat(fresh.subscribe("during-outage")).as("a cached app accepts new sockets").contains("succeeded");
    }
    Thread.sleep(Math.max(0, (until - System.nanoTime()) / 1_000_000));
    pg.start();
  }

  /** A bus counter summed over both nodes. */
  private static double both(String metric) {
    return a.metric(metric) + b.metric(metric);
  }

  private void underTraffic(String name, Fault fault) throws Exception {
    String channel = "steady-" + CHANNELS.incrementAndGet();
    try (RawWebSocket subA = RawWebSocket.established(a.wsUrl("app-key"));
         RawWebSocket subB = RawWebSocket.established(b.wsUrl("app-key"))) {
      assertThat(subA.subscribe(channel)).contains("succeeded");
      assertThat(subB.subscribe(channel)).contains("succeeded");
      try (SteadyTraffic traffic = new SteadyTraffic(channel, 20, 5_000)
          .source("a", new SignedApi(a.httpBase(), "app-key", "app-secret"))
          .source("b", new SignedApi(b.httpBase(), "app-key", "app-secret"))
          .subscriber("a", subA).subscriber("b", subB)
          .start()) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
            .until(() -> traffic.received("a", "b") > 20 && traffic.received("b", "a") > 20);
        double reconnectsBefore = both("tidings_bus_listen_reconnects_total");
        double replayedBefore = both("tidings_bus_replayed_messages_total");
        double unrecoveredBefore = both("tidings_bus_unrecovered_messages_total");
        double droppedBefore = both("tidings_bus_dropped_messages_total");
        long localBefore = traffic.received("a", "a") + traffic.received("b", "b");
        long faultAt = System.nanoTime();
        fault.inject();
        long faultMillis = Reliability.millisSince(faultAt);
        // A terminated backend is a fault of an instant whose effect (the reconnect) lasts longer: local
        // delivery is watched over the fault and the second after it.
        Thread.sleep(1_000);
        long localDuring = traffic.received("a", "a") + traffic.received("b", "b") - localBefore;
        // Traffic goes on for a while after the fault, then every event must have arrived everywhere.
        Thread.sleep(2_000);
        traffic.stop();
        boolean complete = traffic.awaitComplete(Duration.ofSeconds(45));
        Map<String, Long> t = traffic.totals();
        Reliability.of(name)
            .put("faultMs", faultMillis)
            .putTraffic(t)
            .put("localDeliveredDuringFaultAnd1s", localDuring)
            .put("listenReconnects", (long) (both("tidings_bus_listen_reconnects_total") - reconnectsBefore))
            .put("busReplayed", (long) (both("tidings_bus_replayed_messages_total") - replayedBefore))
            .put("busUnrecovered", (long) (both("tidings_bus_unrecovered_messages_total") - unrecoveredBefore))
            .put("busDropped", (long) (both("tidings_bus_dropped_messages_total") - droppedBefore))
            .print();
        assertThat(a.isAlive() && b.isAlive()).as("no process died").isTrue();
        assertThat(localDuring).as("local delivery never stopped").isPositive();
        assertThat(t.get("refused")).as("the cached app was served throughout").isZero();
        assertThat(complete).as("the cluster healed with nothing lost: " + traffic.tally()).isTrue();
        assertThat(t.get("duplicates")).isZero();
        assertThat(t.get("outOfOrder")).isZero();
      }
    }
  }
}
