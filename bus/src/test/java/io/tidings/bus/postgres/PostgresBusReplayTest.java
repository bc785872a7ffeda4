package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tidings.bus.BusNamespace;
import io.tidings.bus.MessageType;
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
 * No loss across a bus gap: a node whose LISTEN connection is kept down for a while (its role refused new
 * logins, its LISTEN backend terminated, while its publisher connection stays up) gets, once it hears
 * again, every message its peers and itself published meanwhile, in each sender's order, exactly once.
 */
@Tag("postgres")
class PostgresBusReplayTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final long GAP_MILLIS = Long.getLong("tidings.replay.gapMillis", 3_000);
  @RegisterExtension
  final TestBuses buses = new TestBuses();

  private static PostgresBusConfig.Builder config(PgTarget target) {
    // A timeout long enough for a replay on a busy two-core machine.
    return TestBuses.config(target).heartbeatTimeout(Duration.ofSeconds(3));
  }

  /**
   * Keeps {@code bus}'s LISTEN connection down for {@code millis}: its role may not log in, and its LISTEN
   * backend is terminated; its publisher connection, already open, goes on.
   */
  static void deafen(PgTarget admin, PgTarget role, PostgresBus bus, long millis) throws InterruptedException {
    TestPostgres.allowLogin(admin, role.user(), false);
    try {
      assertThat(TestPostgres.terminateBackends(admin, "tidings-bus " + bus.uid(), "LISTEN")).isEqualTo(1);
      Thread.sleep(millis);
    } finally {
      TestPostgres.allowLogin(admin, role.user(), true);
    }
  }

  /** Publishes {@code {"from","i"}} every 2 ms until stopped; bounded by {@code max}. */
  private static Thread trickle(BusNamespace ns, String from, AtomicBoolean running, AtomicInteger sent, int max) {
    return Thread.ofPlatform().daemon().start(() -> {
      while (running.get() && sent.get() < max) {
        ns.publish(MessageType.BROADCAST, JSON.objectNode().put("from", from).put("i", sent.getAndIncrement()));
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }

  private static List<Integer> numbersFrom(RecordingListener l, String from) {
    return l.ofType(MessageType.BROADCAST).stream().filter(m -> m.data().path("from").asText().equals(from))
        .map(m -> m.data().get("i").asInt()).toList();
  }

  @Test
  void aNodeDeafForAWhileGetsEveryMessageOfEveryPeerAndItsOwnInOrderExactlyOnce() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    PgTarget role = TestPostgres.withOwnRole(db);
    PostgresBus a = buses.start(config(db).build());
    PostgresBus c = buses.start(config(db).build());
    PostgresBus b = buses.start(config(role).build());
    RecordingListener lb = new RecordingListener();
    BusNamespace na = a.join("/replay", new RecordingListener());
    BusNamespace nc = c.join("/replay", new RecordingListener());
    BusNamespace nb = b.join("/replay", lb);
    await().atMost(Duration.ofSeconds(15)).until(() -> nb.peers().containsAll(List.of(a.uid(), c.uid()))
        && na.peers().contains(b.uid()) && nc.peers().contains(b.uid()));

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger sentA = new AtomicInteger();
    AtomicInteger sentC = new AtomicInteger();
    AtomicInteger sentB = new AtomicInteger();
    List<Thread> publishers = List.of(trickle(na, "a", running, sentA, 50_000), trickle(nc, "c", running, sentC, 50_000),
        trickle(nb, "b", running, sentB, 50_000));
    await().atMost(Duration.ofSeconds(10)).until(() -> numbersFrom(lb, "a").size() > 50);

    long deafAt = System.nanoTime();
    deafen(db, role, b, GAP_MILLIS);
    await().atMost(Duration.ofSeconds(30)).until(() -> !lb.reconnected.isEmpty());
    long heardAgainMillis = (System.nanoTime() - deafAt) / 1_000_000;
    Thread.sleep(500);
    running.set(false);
    for (Thread t : publishers) t.join();

    await().atMost(Duration.ofSeconds(30)).until(() -> numbersFrom(lb, "a").size() >= sentA.get()
        && numbersFrom(lb, "c").size() >= sentC.get() && numbersFrom(lb, "b").size() >= sentB.get());
    for (String from : List.of("a", "c", "b")) {
      List<Integer> seen = numbersFrom(lb, from);
      assertThat(seen).as("from " + from).isSorted().doesNotHaveDuplicates();
      assertThat(seen.get(seen.size() - 1) + 1).as("from " + from).isEqualTo(seen.size());
    }
    assertThat(b.stats().missedMessages()).as("the gap was real").isPositive();
    assertThat(b.stats().replayedMessages()).isPositive();
    assertThat(b.stats().unrecoveredMessages()).isZero();
    assertThat(lb.reconnected).containsOnly(0L);
    assertThat(nb.peers()).as("nobody was evicted for the deaf node's silence").contains(a.uid(), c.uid());
    System.out.printf("RELIABILITY bus-gap: gap=%d ms heardAgain=%d ms sent a=%d c=%d b=%d missed=%d replayed=%d unrecovered=%d%n",
        GAP_MILLIS, heardAgainMillis, sentA.get(), sentC.get(), sentB.get(), b.stats().missedMessages(),
        b.stats().replayedMessages(), b.stats().unrecoveredMessages());
  }

  @Test
  void whatTheRingNoLongerHoldsIsCountedAndTheRestStillArrivesInOrder() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    PgTarget role = TestPostgres.withOwnRole(db);
    PostgresBus a = buses.start(config(db).replayMaxBytes(4_000).build());
    PostgresBus b = buses.start(config(role).build());
    Trickled t = trickleAcrossAGap(db, role, a, b, "/overrun");
    RecordingListener lb = t.atB();
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      List<Integer> seen = numbersFrom(lb, "a");
      return !seen.isEmpty() && seen.get(seen.size() - 1) == t.sent() - 1;
    });
    assertThat(numbersFrom(lb, "a")).isSorted().doesNotHaveDuplicates().hasSizeLessThan(t.sent());
    assertThat(b.stats().unrecoveredMessages()).isPositive();
    assertThat(lb.reconnected).singleElement().satisfies(m -> assertThat(m).isPositive());
  }

  @Test
  void withReplayOffTheGapIsCountedAndNothingIsAsked() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    PgTarget role = TestPostgres.withOwnRole(db);
    PostgresBus a = buses.start(config(db).replayWindow(Duration.ZERO).build());
    PostgresBus b = buses.start(config(role).replayWindow(Duration.ZERO).build());
    Trickled t = trickleAcrossAGap(db, role, a, b, "/off");
    assertThat(numbersFrom(t.atB(), "a")).isSorted().doesNotHaveDuplicates().hasSizeLessThan(t.sent());
    assertThat(b.stats().missedMessages()).isPositive().isEqualTo(b.stats().unrecoveredMessages());
    assertThat(b.stats().replayedMessages()).isZero();
    assertThat(b.stats().replayRingBytes()).isZero();
  }

  /** What node b heard, and how many numbered messages a sent. */
  private record Trickled(RecordingListener atB, int sent) {}

  /**
   * Joins {@code a} and {@code b} to {@code nsp}; {@code a} trickles numbered messages while {@code b}'s
   * LISTEN connection is down for a second; returns once {@code b} is back and {@code a} has stopped.
   */
  private Trickled trickleAcrossAGap(PgTarget db, PgTarget role, PostgresBus a, PostgresBus b, String nsp)
      throws Exception {
    RecordingListener lb = new RecordingListener();
    BusNamespace na = a.join(nsp, new RecordingListener());
    BusNamespace nb = b.join(nsp, lb);
    await().atMost(Duration.ofSeconds(15)).until(() -> nb.peers().contains(a.uid()) && na.peers().contains(b.uid()));
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger sent = new AtomicInteger();
    Thread publisher = trickle(na, "a", running, sent, 50_000);
    await().atMost(Duration.ofSeconds(10)).until(() -> numbersFrom(lb, "a").size() > 20);
    deafen(db, role, b, 1_000);
    await().atMost(Duration.ofSeconds(30)).until(() -> !lb.reconnected.isEmpty());
    running.set(false);
    publisher.join();
    return new Trickled(lb, sent.get());
  }
}
