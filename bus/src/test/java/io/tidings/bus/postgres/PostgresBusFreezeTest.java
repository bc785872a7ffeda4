package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tidings.bus.BusNamespace;
import io.tidings.bus.MessageType;
import io.tidings.testing.FreezingProxy;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A connection of the bus goes silent without closing (the proxy between a node and PostgreSQL stops
 * forwarding it both ways, as a vanished NAT entry or a frozen VM would) while the other node publishes at
 * a steady rate. The node gives the silent connection up without waiting for it, opens another within the
 * heartbeat timeout, and replay fills the gap: every message arrives exactly once and in order, and nobody
 * declares anybody gone. The heartbeat settings are the defaults (every 5 s, gone after 10 s).
 */
@Tag("postgres")
class PostgresBusFreezeTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final long PUBLISH_EVERY_MILLIS = 10;
  @RegisterExtension
  final TestBuses buses = new TestBuses();

  private static PostgresBusConfig config(PgTarget target) {
    return TestBuses.config(target)
        .heartbeatInterval(PostgresBusConfig.DEFAULT_HEARTBEAT_INTERVAL)
        .heartbeatTimeout(PostgresBusConfig.DEFAULT_HEARTBEAT_TIMEOUT)
        .build();
  }

  @Test
  void aFrozenListenConnectionIsReplacedWithinTheHeartbeatTimeoutAndNothingIsLost() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    try (FreezingProxy proxy = FreezingProxy.to(db)) {
      PostgresBus a = buses.start(config(db));
      PostgresBus b = buses.start(config(proxy.target(db)));
      freezeUnderTraffic("bus-listen-frozen", db, proxy, a, b, b, "LISTEN");
      buses.close(); // while the proxy still forwards, so that both can say goodbye
    }
  }

  @Test
  void aFrozenPublisherConnectionIsReplacedWithinTheHeartbeatTimeoutAndNothingIsLost() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    try (FreezingProxy proxy = FreezingProxy.to(db)) {
      PostgresBus a = buses.start(config(proxy.target(db)));
      PostgresBus b = buses.start(config(db));
      freezeUnderTraffic("bus-publisher-frozen", db, proxy, a, b, a, "SELECT pg_notify");
      buses.close(); // while the proxy still forwards, so that both can say goodbye
    }
  }

  /**
   * {@code a} publishes numbered messages every {@value #PUBLISH_EVERY_MILLIS} ms; the session of
   * {@code frozen} whose last query starts with {@code queryPrefix} is frozen for good; {@code b} must get
   * every message exactly once, in order, without either node evicting the other.
   */
  private void freezeUnderTraffic(String fault, PgTarget db, FreezingProxy proxy, PostgresBus a, PostgresBus b,
      PostgresBus frozen, String queryPrefix) throws Exception {
    RecordingListener la = new RecordingListener();
    RecordingListener lb = new RecordingListener();
    BusNamespace na = a.join("/freeze", la);
    BusNamespace nb = b.join("/freeze", lb);
    await().atMost(Duration.ofSeconds(15)).until(() -> na.peers().contains(b.uid()) && nb.peers().contains(a.uid()));

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger sent = new AtomicInteger();
    Thread publisher = Thread.ofPlatform().daemon().name("freeze-test-publisher").start(() -> {
      while (running.get() && sent.get() < 100_000) {
        na.publish(MessageType.BROADCAST, JSON.objectNode().put("i", sent.getAndIncrement()));
        try {
          Thread.sleep(PUBLISH_EVERY_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> numbers(lb).size() > 50);
      List<Integer> ports = TestPostgres.clientPorts(db, "tidings-bus " + frozen.uid(), queryPrefix);
      assertThat(ports).as("the session to freeze").hasSize(1);
      FreezingProxy.Link link = proxy.linkFromUpstreamPort(ports.get(0)).orElseThrow();
      long reconnectsBefore = b.stats().listenReconnects();

      long frozenAt = System.nanoTime();
      link.freeze();
      int receivedAtFreeze = numbers(lb).size();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
          .until(() -> numbers(lb).size() > receivedAtFreeze + 5);
      long recoveredMillis = (System.nanoTime() - frozenAt) / 1_000_000;
      int sentAtRecovery = sent.get();
      // The abandoned backend was terminated by the node, not left to hold PostgreSQL's notification queue.
      await().atMost(Duration.ofSeconds(10)).until(() -> !TestPostgres.backendOnClientPort(db, link.upstreamLocalPort()));
      Thread.sleep(2_000);
      running.set(false);
      publisher.join();
      // Whatever the old connection still held comes out now; it must change nothing.
      link.unfreeze();

      await().atMost(Duration.ofSeconds(20)).until(() -> numbers(lb).size() >= sent.get());
      Thread.sleep(500);
      List<Integer> seen = numbers(lb);
      long duplicates = seen.size() - seen.stream().distinct().count();
      long outOfOrder = 0;
      for (int i = 1; i < seen.size(); i++) {
        if (seen.get(i) < seen.get(i - 1)) outOfOrder++;
      }
      long lost = sent.get() - seen.stream().distinct().count();
      System.out.printf("RELIABILITY %s: heartbeatTimeoutMs=%d publishEveryMs=%d recoveredMs=%d sentDuringOutage=%d"
              + " sent=%d received=%d lost=%d duplicated=%d outOfOrder=%d listenReconnectsB=%d missedB=%d replayedB=%d"
              + " unrecoveredB=%d evictions=%d%n",
          fault, PostgresBusConfig.DEFAULT_HEARTBEAT_TIMEOUT.toMillis(), PUBLISH_EVERY_MILLIS, recoveredMillis,
          sentAtRecovery - receivedAtFreeze, sent.get(), seen.size(), lost, duplicates, outOfOrder,
          b.stats().listenReconnects() - reconnectsBefore, b.stats().missedMessages(), b.stats().replayedMessages(),
          b.stats().unrecoveredMessages(), evictions(la, lb));

      assertThat(seen).as("every message exactly once, in order").hasSize(sent.get()).isSorted().doesNotHaveDuplicates();
      assertThat(seen.get(seen.size() - 1)).isEqualTo(sent.get() - 1);
      assertThat(evictions(la, lb)).as("nobody declared gone: " + la.events + " / " + lb.events).isZero();
      assertThat(nb.peers()).contains(a.uid());
      assertThat(na.peers()).contains(b.uid());
      assertThat(b.stats().unrecoveredMessages()).isZero();
      if (frozen == b) {
        assertThat(b.stats().listenReconnects() - reconnectsBefore).as("the frozen LISTEN connection was replaced").isEqualTo(1);
        assertThat(lb.reconnected).containsOnly(0L);
      } else {
        assertThat(b.stats().listenReconnects() - reconnectsBefore).as("b's own LISTEN was never in doubt").isZero();
      }
    } finally {
      running.set(false);
      publisher.join();
    }
  }

  private static List<Integer> numbers(RecordingListener l) {
    return l.fromPeers(MessageType.BROADCAST).stream().map(m -> m.data().get("i").asInt()).toList();
  }

  private static long evictions(RecordingListener... listeners) {
    long n = 0;
    for (RecordingListener l : listeners) {
      n += l.events.stream().filter(e -> e.startsWith("timed out")).count();
    }
    return n;
  }
}
