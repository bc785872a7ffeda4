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

    for (int i = 0; i < published; i++) na.publish(MessageType.BROADCAST, JSON.objectNode().put("i", i));

    assertThat(a.stats().droppedMessages()).isPositive();
    await().atMost(Duration.ofSeconds(10)).until(() -> la.ofType(3).size() + a.stats().droppedMessages() >= published);
    assertThat(la.ofType(3).size() + a.stats().droppedMessages()).isEqualTo(published);
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
