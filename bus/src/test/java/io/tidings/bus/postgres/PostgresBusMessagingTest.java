package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.BusMessage;
import io.tidings.bus.BusNamespace;
import io.tidings.bus.MessageType;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two buses in one JVM on one database: publishing, order, self-delivery. */
@Tag("postgres")
class PostgresBusMessagingTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static PgTarget db;
  @RegisterExtension
  final TestBuses buses = new TestBuses();

  @BeforeAll
  static void database() {
    db = TestPostgres.newDatabase();
  }

  private static ObjectNode numbered(String sender, int i) {
    return JSON.objectNode().put("from", sender).put("i", i);
  }

  @Test
  void twoBusesSeeEachOtherAsPeers() {
    PostgresBus a = buses.start(db);
    PostgresBus b = buses.start(db);
    RecordingListener la = new RecordingListener();
    BusNamespace na = a.join("/peers", la);
    BusNamespace nb = b.join("/peers", new RecordingListener());

    await().atMost(Duration.ofSeconds(10)).until(() -> na.peers().contains(b.uid()) && nb.peers().contains(a.uid()));
    assertThat(na.serverCount()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> la.events.contains("joined " + b.uid()));
    assertThat(a.stats().peers()).isEqualTo(1);
  }

  @Test
  void onceListeningANodeHearsWhatAPeerPublishesNext() throws Exception {
    PostgresBus a = buses.start(db);
    PostgresBus b = buses.start(db);
    BusNamespace nb = b.join("/listening", new RecordingListener());
    nb.whenListening().get(10, java.util.concurrent.TimeUnit.SECONDS);
    RecordingListener la = new RecordingListener();
    a.join("/listening", la).whenListening().get(10, java.util.concurrent.TimeUnit.SECONDS);

    nb.publish(MessageType.BROADCAST, numbered("b", 1));
    await().atMost(Duration.ofSeconds(10)).until(() -> la.fromPeers(MessageType.BROADCAST).size() == 1);
  }

  @Test
  void everyMessageArrivesAtEveryNodeInEachSendersOrder() {
    PostgresBus a = buses.start(db);
    PostgresBus b = buses.start(db);
    RecordingListener la = new RecordingListener();
    RecordingListener lb = new RecordingListener();
    BusNamespace na = a.join("/order", la);
    BusNamespace nb = b.join("/order", lb);
    await().atMost(Duration.ofSeconds(10)).until(() -> na.peers().contains(b.uid()) && nb.peers().contains(a.uid()));
    int perSender = 3_000;

    Thread other = Thread.ofPlatform().start(() -> {
      for (int i = 0; i < perSender; i++) nb.publish(MessageType.BROADCAST, numbered("b", i));
    });
    for (int i = 0; i < perSender; i++) na.publish(MessageType.BROADCAST, numbered("a", i));

    await().atMost(Duration.ofSeconds(60)).until(() -> la.ofType(3).size() == 2 * perSender && lb.ofType(3).size() == 2 * perSender);
    for (RecordingListener l : List.of(la, lb)) {
      for (String sender : List.of("a", "b")) {
        List<Integer> seen = l.ofType(3).stream().filter(m -> m.data().get("from").asText().equals(sender))
            .map(m -> m.data().get("i").asInt()).toList();
        assertThat(seen).hasSize(perSender).isSorted();
      }
    }
    assertThat(a.stats().publishStatements()).isLessThan(a.stats().publishedMessages());
    assertThat(a.stats().missedMessages()).isZero();
    assertThat(a.stats().droppedMessages()).isZero();
  }

  @Test
  void ownMessagesComeBackMarkedFromSelfWithTheirSequenceNumbers() {
    PostgresBus a = buses.start(db);
    RecordingListener la = new RecordingListener();
    BusNamespace na = a.join("/self", la);

    na.publish(MessageType.BROADCAST, numbered("a", 1));
    na.publish(MessageType.BROADCAST, numbered("a", 2));

    await().atMost(Duration.ofSeconds(10)).until(() -> la.ofType(3).size() == 2);
    List<BusMessage> own = la.ofType(3);
    assertThat(own).allSatisfy(m -> {
      assertThat(m.fromSelf()).isTrue();
      assertThat(m.uid()).isEqualTo(a.uid());
      assertThat(m.nsp()).isEqualTo("/self");
    });
    assertThat(own.get(1).seq()).isGreaterThan(own.get(0).seq());
    assertThat(la.threads).allSatisfy(t -> assertThat(t).startsWith("tidings-bus-delivery-"));
  }

  @Test
  void identicalPayloadsPublishedTogetherAreAllDelivered() {
    // PostgreSQL collapses identical notifications of one transaction; the sequence number keeps them apart.
    PostgresBus a = buses.start(db);
    RecordingListener la = new RecordingListener();
    BusNamespace na = a.join("/same", la);

    for (int i = 0; i < 200; i++) na.publish(MessageType.BROADCAST, JSON.objectNode().put("same", true));

    await().atMost(Duration.ofSeconds(10)).until(() -> la.ofType(3).size() == 200);
  }

  @Test
  void aNamespaceTooLongForAChannelNameStillWorksBetweenNodes() {
    PostgresBus a = buses.start(db);
    PostgresBus b = buses.start(db);
    String longName = "/" + "n".repeat(80);
    RecordingListener lb = new RecordingListener();
    BusNamespace na = a.join(longName, new RecordingListener());
    na.publish(MessageType.BROADCAST, numbered("a", 1));
    b.join(longName, lb);

    await().atMost(Duration.ofSeconds(10)).until(() -> na.peers().contains(b.uid()));
    na.publish(MessageType.BROADCAST, numbered("a", 2));

    await().atMost(Duration.ofSeconds(10)).until(() -> !lb.fromPeers(3).isEmpty());
    assertThat(lb.fromPeers(3).getLast().nsp()).isEqualTo(longName);
  }

  @Test
  void joiningANamespaceTwiceIsRefusedUntilItHasLeft() {
    PostgresBus a = buses.start(db);
    BusNamespace first = a.join("/twice", new RecordingListener());

    assertThatThrownBy(() -> a.join("/twice", new RecordingListener()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("/twice").hasMessageContaining("already joined");
    first.leave();
    await().atMost(Duration.ofSeconds(10)).ignoreException(IllegalStateException.class)
        .until(() -> a.join("/twice", new RecordingListener()) != null);
  }
}
