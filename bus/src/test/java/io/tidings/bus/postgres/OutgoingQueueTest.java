package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
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
    return new Outgoing(in, 20, JSON.objectNode().put("v", value), key, null);
  }

  @Test
  void aMessageWithAQueuedKeyReplacesItsContentInPlace() {
    OutgoingQueue q = new OutgoingQueue(10);
    q.offer(message(ns, "count", 1));
    q.offer(message(ns, null, 100));
    q.offer(message(ns, "count", 2));

    assertThat(q.size()).isEqualTo(2);
    assertThat(q.poll().data.get("v").asInt()).isEqualTo(2);
    assertThat(q.poll().data.get("v").asInt()).isEqualTo(100);
  }

  @Test
  void onceTakenAKeyedMessageIsNoLongerReplaced() {
    OutgoingQueue q = new OutgoingQueue(10);
    q.offer(message(ns, "count", 1));
    Outgoing sent = q.poll();
    q.offer(message(ns, "count", 2));

    assertThat(sent.data.get("v").asInt()).isEqualTo(1);
    assertThat(q.poll().data.get("v").asInt()).isEqualTo(2);
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
    assertThat(q.poll().data.get("v").asInt()).isEqualTo(4);
  }

  @Test
  void aClosedQueueRefusesEverything() {
    OutgoingQueue q = new OutgoingQueue(2);
    q.close();

    assertThat(q.offer(message(ns, null, 1))).isFalse();
  }
}
