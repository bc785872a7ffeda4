package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tidings.bus.BusNamespace;
import io.tidings.bus.MessageType;
import io.tidings.testing.PgTarget;
import io.tidings.testing.RestartablePostgres;
import io.tidings.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connections killed and a database restarted under a running bus: it recovers by itself. */
@Tag("postgres")
class PostgresBusResilienceTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static PgTarget db;
  @RegisterExtension
  final TestBuses buses = new TestBuses();

  @BeforeAll
  static void database() {
    db = TestPostgres.newDatabase();
  }

  private record Pair(PostgresBus a, PostgresBus b, BusNamespace na, RecordingListener lb) {}

  private Pair pair(PgTarget target, String nsp) {
    PostgresBus a = buses.start(target);
    PostgresBus b = buses.start(target);
    RecordingListener lb = new RecordingListener();
    BusNamespace na = a.join(nsp, new RecordingListener());
    BusNamespace nb = b.join(nsp, lb);
    await().atMost(Duration.ofSeconds(15)).until(() -> na.peers().contains(b.uid()) && nb.peers().contains(a.uid()));
    return new Pair(a, b, na, lb);
  }

  /** Publishes numbered messages every few milliseconds until stopped; bounded by {@code max}. */
  private static Thread trickle(BusNamespace ns, AtomicBoolean running, AtomicInteger sent, int max) {
    return Thread.ofPlatform().daemon().start(() -> {
      while (running.get() && sent.get() < max) {
        ns.publish(MessageType.BROADCAST, JSON.objectNode().put("i", sent.getAndIncrement()));
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }

  @Test
  void killingTheListenBackendMidTrafficReconnectsReportsAndTrafficResumes() throws Exception {
    Pair p = pair(db, "/listen");
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger sent = new AtomicInteger();
    Thread publisher = trickle(p.na(), running, sent, 20_000);
    await().atMost(Duration.ofSeconds(10)).until(() -> p.lb().fromPeers(3).size() > 50);

    assertThat(TestPostgres.terminateBackends(db, "LISTEN")).isPositive();

    await().atMost(Duration.ofSeconds(20)).until(() -> !p.lb().reconnected.isEmpty());
    int before = p.lb().fromPeers(3).size();
    await().atMost(Duration.ofSeconds(20)).until(() -> p.lb().fromPeers(3).size() > before + 50);
    running.set(false);
    publisher.join();
    assertThat(p.b().stats().listenReconnects()).isPositive();
    List<Integer> seen = p.lb().fromPeers(3).stream().map(m -> m.data().get("i").asInt()).toList();
    assertThat(seen).isSorted().doesNotHaveDuplicates();
    // Whatever b missed while deaf was replayed: nothing is reported missing, nothing is skipped.
    assertThat(p.lb().reconnected.stream().mapToLong(Long::longValue).sum()).isZero();
    assertThat(p.b().stats().unrecoveredMessages()).isZero();
    assertThat(seen.get(seen.size() - 1) + 1).isEqualTo(seen.size());
  }

  @Test
  void killingThePublisherBackendLosesNothingQueuedAndDuplicatesNothing() throws Exception {
    Pair p = pair(db, "/publisher");
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger sent = new AtomicInteger();
    int total = 3_000;
    Thread publisher = trickle(p.na(), running, sent, total);
    await().atMost(Duration.ofSeconds(10)).until(() -> p.lb().fromPeers(3).size() > 100);

    assertThat(TestPostgres.terminateBackends(db, "SELECT pg_notify")).isPositive();
    publisher.join();

    await().atMost(Duration.ofSeconds(30)).until(() -> p.lb().fromPeers(3).size() >= total);
    List<Integer> seen = p.lb().fromPeers(3).stream().map(m -> m.data().get("i").asInt()).toList();
    assertThat(seen).hasSize(total).isSorted().doesNotHaveDuplicates();
    assertThat(p.a().stats().droppedMessages()).isZero();
  }

  @Test
  void stoppingAndStartingTheDatabaseLeavesTheBusWorkingWithoutHelp() throws Exception {
    try (RestartablePostgres server = TestPostgres.dedicated()) {
      Pair p = pair(server.target(), "/restart");
      p.na().publish(MessageType.BROADCAST, JSON.objectNode().put("phase", "before"));
      await().atMost(Duration.ofSeconds(10)).until(() -> p.lb().fromPeers(3).size() == 1);

      server.stop();
      p.na().publish(MessageType.BROADCAST, JSON.objectNode().put("phase", "during"));
      Thread.sleep(1_000); // let both buses notice and start retrying against a dead server
      server.start();

      await().atMost(Duration.ofSeconds(60)).until(() -> !p.lb().reconnected.isEmpty());
      p.na().publish(MessageType.BROADCAST, JSON.objectNode().put("phase", "after"));
      await().atMost(Duration.ofSeconds(30)).until(() ->
          p.lb().fromPeers(3).stream().anyMatch(m -> m.data().get("phase").asText().equals("after")));
      assertThat(p.b().stats().listenReconnects()).isPositive();
      await().atMost(Duration.ofSeconds(15)).until(() -> p.na().peers().contains(p.b().uid()));
      buses.close(); // while the server still runs, so that shutdown can say goodbye
    }
  }
}
