package io.tidings.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The single-node bus keeps the bus's contract: own messages back, one membership per namespace, honest publish results. */
class LocalBusTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final LocalBus bus = new LocalBus();

  @AfterEach
  void stop() {
    bus.close();
  }

  /** Records every message; any thread may read it. */
  private static final class Messages implements BusListener {
    final List<BusMessage> received = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(BusMessage message) {
      received.add(message);
    }
  }

  @Test
  void joiningANamespaceTwiceIsRefusedAndAllowedAgainAfterLeaving() {
    BusNamespace first = bus.join("/twice", new Messages());

    assertThatThrownBy(() -> bus.join("/twice", new Messages()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("/twice").hasMessageContaining("already joined");
    first.leave();
    assertThat(bus.join("/twice", new Messages()).name()).isEqualTo("/twice");
  }

  @Test
  void aBroadcastWithAckCompletesAtOnceWithNothingAndComesBackToItsNode() throws Exception {
    Messages m = new Messages();
    BusNamespace ns = bus.join("/", m);
    ObjectNode data = JSON.objectNode();
    data.putObject("packet").put("type", 2).putArray("data").add("ev");
    data.putObject("opts").putArray("rooms");

    BroadcastAcks r = ns.broadcastWithAck(data, Duration.ofMinutes(5), null).get(10, TimeUnit.SECONDS);

    assertThat(r.acks()).isEmpty();
    assertThat(r.complete()).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> m.received.size() == 1);
    BusMessage own = m.received.getFirst();
    assertThat(own.fromSelf()).isTrue();
    assertThat(own.type()).isEqualTo(MessageType.BROADCAST);
    assertThat(own.data().fieldNames()).toIterable().containsExactly("packet", "requestId", "opts");
    assertThat(own.data().get("requestId").asText()).isEqualTo(r.requestId()).matches("[0-9a-f]{16}");
  }

  @Test
  void publishSaysQueuedUntilTheBusIsShutDown() {
    BusNamespace ns = bus.join("/", new Messages());

    assertThat(ns.publish(MessageType.BROADCAST, JSON.objectNode())).isTrue();
    assertThat(ns.publishRawAll(MessageType.BROADCAST, List.of("{}", "[1]"))).isTrue();
    bus.close();

    assertThat(ns.publish(MessageType.BROADCAST, JSON.objectNode())).isFalse();
    assertThat(ns.publishRaw(MessageType.BROADCAST, "{}")).isFalse();
    assertThat(bus.stats().droppedMessages()).isEqualTo(2);
  }
}
