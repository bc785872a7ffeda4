package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.AckListener;
import io.tidings.bus.BroadcastAcks;
import io.tidings.bus.BusMessage;
import io.tidings.bus.BusNamespace;
import io.tidings.bus.MessageType;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Broadcasts with acknowledgements between Tidings buses on one database: each peer answers its client
 * count (type 11) and then one ack (type 12) per client; the requester streams them and completes when the
 * counts are met, early when a peer dies mid-way, at the timeout otherwise.
 */
@Tag("postgres")
class PostgresBusAckTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String FAKE = "fa4efa4efa4efa4e";
  private static PgTarget db;
  @RegisterExtension
  final TestBuses buses = new TestBuses();

  @BeforeAll
  static void database() {
    db = TestPostgres.newDatabase();
  }

  /** Socket.IO's BROADCAST data: {@code {packet, opts}}. */
  private static ObjectNode broadcast(String event) {
    ObjectNode data = JSON.objectNode();
    data.putObject("packet").put("type", 2).putArray("data").add(event);
    ObjectNode opts = data.putObject("opts");
    opts.putArray("rooms");
    opts.putArray("except");
    opts.putObject("flags");
    return data;
  }

  /**
   * A node with {@code clients.apply(event)} clients: it answers a BROADCAST with a requestId by its count
   * and that many acks, as a Socket.IO node does; {@code acksSent} limits the acks (a node that dies
   * before its clients all answered).
   */
  private static BusNamespace node(PostgresBus bus, String nsp, int clients, int acksSent) {
    BusNamespace[] ns = new BusNamespace[1];
    ns[0] = bus.join(nsp, new RecordingListener(m -> {
      if (m.type() != MessageType.BROADCAST || m.fromSelf() || !m.data().has("requestId")) return;
      ns[0].respond(m, MessageType.BROADCAST_CLIENT_COUNT, JSON.objectNode().put("clientCount", clients));
      for (int i = 0; i < acksSent; i++) {
        ns[0].respond(m, MessageType.BROADCAST_ACK, JSON.objectNode().put("packet", "ack-" + bus.uid() + "-" + i));
      }
    }));
    return ns[0];
  }

  /** Records the listener's calls and the thread they ran on. */
  private static final class Streamed implements AckListener {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void onClientCount(String uid, int clientCount) {
      calls.add("count " + uid + " " + clientCount);
      threads.add(Thread.currentThread().getName());
    }

    @Override
    public void onAck(BusMessage ack) {
      calls.add("ack " + ack.data().get("packet").asText());
      threads.add(Thread.currentThread().getName());
    }
  }

  @Test
  void everyPeerAnswersItsCountThenItsAcksAndTheRequestCompletesWhenAllAreIn() throws Exception {
    PostgresBus a = buses.start(db);
    PostgresBus b = buses.start(db);
    PostgresBus c = buses.start(db);
    RecordingListener la = new RecordingListener();
    BusNamespace na = a.join("/acks", la);
    node(b, "/acks", 2, 2);
    node(c, "/acks", 0, 0);
    await().atMost(Duration.ofSeconds(10)).until(() -> na.peers().containsAll(List.of(b.uid(), c.uid())));
    Streamed streamed = new Streamed();

    BroadcastAcks r = na.broadcastWithAck(broadcast("ackme"), Duration.ofMinutes(5), streamed).get(60, TimeUnit.SECONDS);

    assertThat(r.complete()).isTrue();
    assertThat(r.clientCounts()).isEqualTo(Map.of(b.uid(), 2, c.uid(), 0));
    assertThat(r.acks()).extracting(m -> m.data().get("packet").asText())
        .containsExactly("ack-" + b.uid() + "-0", "ack-" + b.uid() + "-1");
    assertThat(streamed.calls).containsExactlyInAnyOrder("count " + b.uid() + " 2", "count " + c.uid() + " 0",
        "ack ack-" + b.uid() + "-0", "ack ack-" + b.uid() + "-1");
    assertThat(streamed.calls.indexOf("count " + b.uid() + " 2")).isLessThan(streamed.calls.indexOf("ack ack-" + b.uid() + "-0"));
    assertThat(streamed.threads).allSatisfy(t -> assertThat(t).startsWith("tidings-bus-delivery-"));
    // The requester's own BROADCAST comes back to it, with its requestId; the answers do not reach the listener.
    await().atMost(Duration.ofSeconds(10)).until(() -> !la.ofType(MessageType.BROADCAST).isEmpty());
    BusMessage own = la.ofType(MessageType.BROADCAST).getFirst();
    assertThat(own.fromSelf()).isTrue();
    assertThat(own.data().get("requestId").asText()).isEqualTo(r.requestId());
    assertThat(la.ofType(MessageType.BROADCAST_CLIENT_COUNT)).isEmpty();
    assertThat(la.ofType(MessageType.BROADCAST_ACK)).isEmpty();
  }

  @Test
  void aPeerThatLeavesMidWayIsDroppedAndTheRequestCompletesEarlyWithWhatCame() throws Exception {
    PostgresBus a = buses.start(db);
    PostgresBus b = PostgresBus.start(TestBuses.config(db).build()).get(30, TimeUnit.SECONDS);
    PostgresBus c = buses.start(db);
    BusNamespace na = a.join("/dies", new RecordingListener());
    node(c, "/dies", 1, 1);
    CompletableFuture<Void> bAnswered = new CompletableFuture<>();
    BusNamespace[] nb = new BusNamespace[1];
    nb[0] = b.join("/dies", new RecordingListener(m -> {
      if (m.type() != MessageType.BROADCAST || m.fromSelf()) return;
      // Three clients, of which only one answers before the node goes away.
      nb[0].respond(m, MessageType.BROADCAST_CLIENT_COUNT, JSON.objectNode().put("clientCount", 3));
      nb[0].respond(m, MessageType.BROADCAST_ACK, JSON.objectNode().put("packet", "only-one"));
      bAnswered.complete(null);
    }));
    await().atMost(Duration.ofSeconds(10)).until(() -> na.peers().containsAll(List.of(b.uid(), c.uid())));
    Streamed streamed = new Streamed();

    CompletableFuture<BroadcastAcks> pending = na.broadcastWithAck(broadcast("ackme"), Duration.ofMinutes(5), streamed);
    bAnswered.get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> streamed.calls.contains("ack only-one"));
    assertThat(pending).isNotDone();
    b.shutdown().get(30, TimeUnit.SECONDS); // ADAPTER_CLOSE

    BroadcastAcks r = pending.get(30, TimeUnit.SECONDS);
    assertThat(r.timedOut()).isFalse();
    assertThat(r.peersLeft()).containsExactly(b.uid());
    assertThat(r.peersMissing()).isEmpty();
    assertThat(r.clientCounts()).isEqualTo(Map.of(b.uid(), 3, c.uid(), 1));
    assertThat(r.acks()).extracting(m -> m.data().get("packet").asText())
        .containsExactlyInAnyOrder("only-one", "ack-" + c.uid() + "-0");
  }

  @Test
  void aPeerEvictedForSilenceMidWayIsDroppedToo() throws Exception {
    PostgresBus a = buses.start(db);
    try (RawChannel peer = new RawChannel(db, "socket.io#/evicted")) {
      BusNamespace na = a.join("/evicted", new RecordingListener());
      peer.await(p -> p.contains("\"type\":1"), 10_000);
      peer.send("{\"type\":2,\"uid\":\"" + FAKE + "\",\"nsp\":\"/evicted\"}");
      await().atMost(Duration.ofSeconds(10)).until(() -> na.peers().contains(FAKE));

      CompletableFuture<BroadcastAcks> pending = na.broadcastWithAck(broadcast("ackme"), Duration.ofMinutes(5), null);
      String sent = peer.await(p -> p.startsWith("{\"type\":3,"), 10_000);
      String requestId = sent.replaceAll(".*\"requestId\":\"([0-9a-f]{16})\".*", "$1");
      peer.send("{\"type\":11,\"data\":{\"requestId\":\"" + requestId + "\",\"clientCount\":2},\"uid\":\"" + FAKE + "\",\"nsp\":\"/evicted\"}");
      peer.send("{\"type\":12,\"data\":{\"requestId\":\"" + requestId + "\",\"packet\":\"one\"},\"uid\":\"" + FAKE + "\",\"nsp\":\"/evicted\"}");
      // ... and then the peer says nothing more: the heartbeat timeout (1.5 s here) evicts it.

      BroadcastAcks r = pending.get(30, TimeUnit.SECONDS);
      assertThat(r.timedOut()).isFalse();
      assertThat(r.peersLeft()).containsExactly(FAKE);
      assertThat(r.acks()).extracting(m -> m.data().get("packet").asText()).containsExactly("one");
    }
  }

  @Test
  void aGoPeerLeavingOutAZeroCountAndAcknowledgingWithAnArrayCompletesTheRequest() throws Exception {
    PostgresBus a = buses.start(db);
    String go = "0000000000000060";
    try (RawChannel peer = new RawChannel(db, "socket.io#/go")) {
      BusNamespace na = a.join("/go", new RecordingListener());
      peer.await(p -> p.contains("\"type\":1"), 10_000);
      // Go's struct order (uid, nsp, type, data) and its omitempty clientCount.
      peer.send("{\"uid\":\"" + FAKE + "\",\"nsp\":\"/go\",\"type\":2}");
      peer.send("{\"uid\":\"" + go + "\",\"nsp\":\"/go\",\"type\":2}");
      await().atMost(Duration.ofSeconds(10)).until(() -> na.peers().containsAll(List.of(FAKE, go)));

      CompletableFuture<BroadcastAcks> pending = na.broadcastWithAck(broadcast("ackme"), Duration.ofMinutes(5), null);
      String sent = peer.await(p -> p.startsWith("{\"type\":3,"), 10_000);
      String requestId = sent.replaceAll(".*\"requestId\":\"([0-9a-f]{16})\".*", "$1");
      peer.send("{\"uid\":\"" + FAKE + "\",\"nsp\":\"/go\",\"type\":11,\"data\":{\"requestId\":\"" + requestId + "\"}}");
      peer.send("{\"uid\":\"" + go + "\",\"nsp\":\"/go\",\"type\":11,\"data\":{\"requestId\":\"" + requestId + "\",\"clientCount\":1}}");
      peer.send("{\"uid\":\"" + go + "\",\"nsp\":\"/go\",\"type\":12,\"data\":{\"requestId\":\"" + requestId + "\",\"packet\":[\"a\",1]}}");

      BroadcastAcks r = pending.get(30, TimeUnit.SECONDS);
      assertThat(r.complete()).isTrue();
      assertThat(r.clientCounts()).isEqualTo(Map.of(FAKE, 0, go, 1));
      assertThat(r.acks().getFirst().data().get("packet").toString()).isEqualTo("[\"a\",1]");
    }
  }

  @Test
  void aPeerThatNeverAnswersEndsTheRequestAtItsTimeoutWithWhatCame() throws Exception {
    PostgresBus a = buses.start(db);
    PostgresBus b = buses.start(db);
    BusNamespace na = a.join("/slowack", new RecordingListener());
    node(b, "/slowack", 1, 1);
    try (RawChannel silent = new RawChannel(db, "socket.io#/slowack")) {
      silent.send("{\"type\":2,\"uid\":\"" + FAKE + "\",\"nsp\":\"/slowack\"}");
      await().atMost(Duration.ofSeconds(10)).until(() -> na.peers().containsAll(List.of(b.uid(), FAKE)));

      BroadcastAcks r = na.broadcastWithAck(broadcast("ackme"), Duration.ofMillis(800), null).get(30, TimeUnit.SECONDS);

      assertThat(r.timedOut()).isTrue();
      assertThat(r.peersMissing()).containsExactly(FAKE);
      assertThat(r.acks()).extracting(BusMessage::uid).containsExactly(b.uid());
    }
  }

  @Test
  void withNoPeerTheRequestCompletesAtOnceAndTheBroadcastStillLeaves() throws Exception {
    PostgresBus a = buses.start(db);
    RecordingListener la = new RecordingListener();
    BusNamespace na = a.join("/lonely", la);

    BroadcastAcks r = na.broadcastWithAck(broadcast("ackme"), Duration.ofMinutes(5), null).get(30, TimeUnit.SECONDS);

    assertThat(r.acks()).isEmpty();
    assertThat(r.complete()).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> !la.ofType(MessageType.BROADCAST).isEmpty());
    assertThat(la.ofType(MessageType.BROADCAST).getFirst().data().fieldNames()).toIterable()
        .containsExactly("packet", "requestId", "opts");
  }

  @Test
  void broadcastsWithAckKeepTheirPlaceAmongTheCallersOtherMessages() throws Exception {
    PostgresBus a = buses.start(db);
    PostgresBus b = buses.start(db);
    BusNamespace na = a.join("/ordered", new RecordingListener());
    RecordingListener lb = new RecordingListener();
    b.join("/ordered", lb);
    await().atMost(Duration.ofSeconds(10)).until(() -> na.peers().contains(b.uid()));
    IntFunction<ObjectNode> numbered = i -> broadcast("e" + i);

    for (int i = 0; i < 200; i++) {
      if (i % 3 == 0) {
        na.broadcastWithAck(numbered.apply(i), Duration.ofMillis(500), null);
      } else {
        na.publish(MessageType.BROADCAST, numbered.apply(i));
      }
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> lb.fromPeers(MessageType.BROADCAST).size() == 200);
    assertThat(lb.fromPeers(MessageType.BROADCAST)).extracting(m -> m.data().at("/packet/data/0").asText())
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 200).mapToObj(i -> "e" + i).toList());
  }
}
