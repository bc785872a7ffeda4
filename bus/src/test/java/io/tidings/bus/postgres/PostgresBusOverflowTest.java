package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tidings.bus.BusNamespace;
import io.tidings.bus.MessageType;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bus bounds what it holds, both ways: what does not fit is dropped and counted, never queued without end. */
@Tag("postgres")
class PostgresBusOverflowTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static PgTarget db;
  @RegisterExtension
  final TestBuses buses = new TestBuses();

  @BeforeAll
  static void database() {
    db = TestPostgres.newDatabase();
  }

  @Test
  void publishingFasterThanTheQueueHoldsDropsAndCountsTheOverflow() {
    // No periodic heartbeat during the flood, and the join's INITIAL_HEARTBEAT sent before it: with a
    // queue of one, either could otherwise take a slot and be the drop that the sum below cannot see.
    PostgresBus a = buses.start(TestBuses.config(db).outgoingQueueLimit(1)
        .heartbeatInterval(Duration.ofMinutes(10)).heartbeatTimeout(Duration.ofMinutes(20)).build());
    RecordingListener la = new RecordingListener();
    BusNamespace na = a.join("/full", la);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.stats().publishedMessages() >= 1);
    int published = 5_000;

    int refused = 0;
    for (int i = 0; i < published; i++) {
      if (!na.publish(MessageType.BROADCAST, JSON.objectNode().put("i", i))) refused++;
    }

    assertThat(refused).isPositive().isEqualTo(a.stats().droppedMessages());
    await().atMost(Duration.ofSeconds(10)).until(() -> la.ofType(3).size() + a.stats().droppedMessages() >= published);
    assertThat(la.ofType(3).size() + a.stats().droppedMessages()).isEqualTo(published);
  }

  @Test
  void aBatchThatDoesNotFitIsRefusedWholeAndOneThatFitsIsSentWhole() {
    PostgresBus a = buses.start(TestBuses.config(db).outgoingQueueLimit(5)
        .heartbeatInterval(Duration.ofMinutes(10)).heartbeatTimeout(Duration.ofMinutes(20)).build());
    RecordingListener la = new RecordingListener();
    BusNamespace na = a.join("/batch", la);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.stats().publishedMessages() >= 1);

    boolean tooMany = na.publishRawAll(MessageType.BROADCAST, java.util.stream.IntStream.range(0, 6).mapToObj(i -> "{\"big\":" + i + "}").toList());
    boolean fits = na.publishRawAll(MessageType.BROADCAST, java.util.stream.IntStream.range(0, 5).mapToObj(i -> "{\"small\":" + i + "}").toList());

    assertThat(tooMany).isFalse();
    assertThat(fits).isTrue();
    assertThat(a.stats().droppedMessages()).isEqualTo(6);
    await().atMost(Duration.ofSeconds(10)).until(() -> la.ofType(3).size() == 5);
    assertThat(la.ofType(3)).extracting(m -> m.data().fieldNames().next()).containsOnly("small");
  }

  @Test
  void aFloodOnOneNamespaceDropsOnlyThatNamespacesMessages() throws Exception {
    // A slow listener on /flood, flooded far past its lane's bound, beside a trickle on /steady: before lanes,
    // the one shared hand-off was full of /flood and /steady lost messages too.
    int limit = 50;
    PostgresBus a = buses.start(TestBuses.config(db).deliveryQueueLimit(limit).build());
    RecordingListener slow = new RecordingListener(m -> {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    RecordingListener steady = new RecordingListener();
    BusNamespace flood = a.join("/flood", slow);
    BusNamespace calm = a.join("/steady", steady);
    int trickle = 30; // fewer than the bound: /steady can never overflow its own lane
    Thread flooder = Thread.ofPlatform().start(() -> {
      for (int i = 0; i < 4_000; i++) {
        flood.publish(MessageType.BROADCAST, JSON.objectNode().put("i", i));
        if (i % 100 == 0) Thread.onSpinWait();
      }
    });
    for (int i = 0; i < trickle; i++) {
      calm.publish(MessageType.BROADCAST, JSON.objectNode().put("i", i));
      Thread.sleep(20);
    }
    flooder.join();

    await().atMost(Duration.ofSeconds(60)).until(() -> steady.ofType(3).size() == trickle);
    assertThat(steady.ofType(3).stream().map(m -> m.data().get("i").asInt()).toList())
        .isEqualTo(java.util.stream.IntStream.range(0, trickle).boxed().toList());
    await().atMost(Duration.ofSeconds(60)).until(() -> a.stats().receivedMessages() >= 4_000 + trickle);
    assertThat(a.stats().droppedDeliveriesByNamespace()).containsEntry("/steady", 0L);
    assertThat(a.stats().droppedDeliveriesByNamespace().get("/flood")).isPositive()
        .isEqualTo(a.stats().droppedDeliveries());
  }

  @Test
  void aListenerTooSlowForTheHandOffLosesMessagesThatAreCountedWhileTheBusKeepsReading() {
    PostgresBus a = buses.start(TestBuses.config(db).deliveryQueueLimit(2).build());
    RecordingListener slow = new RecordingListener(m -> {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    BusNamespace na = a.join("/slow", slow);
    int published = 50;

    for (int i = 0; i < published; i++) na.publish(MessageType.BROADCAST, JSON.objectNode().put("i", i));

    await().atMost(Duration.ofSeconds(20)).until(() -> a.stats().receivedMessages() >= published
        && slow.ofType(3).size() + a.stats().droppedDeliveries() >= published);
    assertThat(a.stats().droppedDeliveries()).isPositive();
    assertThat(slow.ofType(3).stream().map(m -> m.data().get("i").asInt()).toList()).isSorted();
  }
}
