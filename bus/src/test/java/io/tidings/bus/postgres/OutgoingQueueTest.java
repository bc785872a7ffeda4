package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tidings.bus.wire.OutboundMessage;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@Tag("postgres")
class OutgoingQueueTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static TestBuses buses;
  private static PostgresNamespace ns;
  private static PostgresNamespace other;

  @BeforeAll
  static void namespaces() {
    PgTarget db = TestPostgres.newDatabase();
    buses = new TestBuses();
    PostgresBus bus = buses.start(db);
    ns = (PostgresNamespace) bus.join("/q", new RecordingListener());
    other = (PostgresNamespace) bus.join("/other", new RecordingListener());
  }

  @AfterAll
  static void stop() throws Exception {
    buses.close();
  }

  private static Outgoing message(PostgresNamespace in, String key, int value) {
    return new Outgoing(in, OutboundMessage.of(20, JSON.objectNode().put("v", value), in.uid(), in.name()), key, null);
  }

  @Test
  void aMessageWithAQueuedKeyReplacesItsContentInPlace() {
    OutgoingQueue q = new OutgoingQueue(10);
    q.offer(message(ns, "count", 1));
    q.offer(message(ns, null, 100));
    q.offer(message(ns, "count", 2));

    assertThat(q.size()).isEqualTo(2);
    assertThat(q.poll().message.dataTree().get("v").asInt()).isEqualTo(2);
    assertThat(q.poll().message.dataTree().get("v").asInt()).isEqualTo(100);
  }

  @Test
  void onceTakenAKeyedMessageIsNoLongerReplaced() {
    OutgoingQueue q = new OutgoingQueue(10);
    q.offer(message(ns, "count", 1));
    Outgoing sent = q.poll();
    q.offer(message(ns, "count", 2));

    assertThat(sent.message.dataTree().get("v").asInt()).isEqualTo(1);
    assertThat(q.poll().message.dataTree().get("v").asInt()).isEqualTo(2);
  }

  @Test
  void theSameKeyInAnotherNamespaceIsAnotherMessage() {
    OutgoingQueue q = new OutgoingQueue(10);
    q.offer(message(ns, "count", 1));
    q.offer(message(other, "count", 2));

    assertThat(q.size()).isEqualTo(2);
  }

  @Test
  void aFullQueueRefusesNewMessagesButStillMergesKeyedOnes() {
    OutgoingQueue q = new OutgoingQueue(2);
    assertThat(q.offer(message(ns, "count", 1))).isTrue();
    assertThat(q.offer(message(ns, null, 2))).isTrue();

    assertThat(q.offer(message(ns, null, 3))).isFalse();
    assertThat(q.offer(message(ns, "count", 4))).isTrue();
    assertThat(q.poll().message.dataTree().get("v").asInt()).isEqualTo(4);
  }

  @Test
  void aBatchIsQueuedWholeOrNotAtAll() {
    OutgoingQueue q = new OutgoingQueue(3);
    assertThat(q.offer(message(ns, null, 1))).isTrue();

    assertThat(q.offerAll(List.of(message(ns, null, 2), message(ns, null, 3), message(ns, null, 4)))).isFalse();
    assertThat(q.size()).isEqualTo(1);
    assertThat(q.offerAll(List.of(message(ns, null, 2), message(ns, null, 3)))).isTrue();
    assertThat(List.of(q.poll(), q.poll(), q.poll())).extracting(o -> o.message.dataTree().get("v").asInt())
        .containsExactly(1, 2, 3);
  }

  @Test
  void aClosedQueueRefusesEverything() {
    OutgoingQueue q = new OutgoingQueue(2);
    q.close();

    assertThat(q.offer(message(ns, null, 1))).isFalse();
    assertThat(q.offerAll(List.of(message(ns, null, 2)))).isFalse();
  }
}
