package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tidings.bus.BusMessage;
import io.tidings.bus.BusNamespace;
import io.tidings.bus.MessageType;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Heartbeats, joins and leaves, requests, and what sequence numbers reveal. */
@Tag("postgres")
class PostgresBusMembershipTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String FAKE = "fa4efa4efa4efa4e";
  private static PgTarget db;
  @RegisterExtension
  final TestBuses buses = new TestBuses();

  @BeforeAll
  static void database() {
    db = TestPostgres.newDatabase();
  }

  private static String heartbeat(String nsp, long seq) {
    return "{\"type\":2,\"uid\":\"" + FAKE + "\",\"nsp\":\"" + nsp + "\"" + (seq >= 0 ? ",\"seq\":" + seq : "") + "}";
  }

  @Test
  void aPeerSilentForTheHeartbeatTimeoutIsDeclaredGone() throws Exception {
    PostgresBus a = buses.start(db);
    RecordingListener la = new RecordingListener();
    BusNamespace na;
    try (RawChannel peer = new RawChannel(db, "socket.io#/silent")) {
      na = a.join("/silent", la);
      peer.await(p -> p.contains("\"type\":1"), 10_000); // a is listening once it announced itself
      peer.send(heartbeat("/silent", -1));

      await().atMost(Duration.ofSeconds(10)).until(() -> la.events.contains("joined " + FAKE));
      await().atMost(Duration.ofSeconds(10)).until(() -> la.events.contains("timed out " + FAKE));
    }
    assertThat(na.peers()).doesNotContain(FAKE);
  }

  @Test
  void anInitialHeartbeatIsAnsweredWithAHeartbeatAndNeitherReachesTheListener() throws Exception {
    PostgresBus a = buses.start(db);
    RecordingListener la = new RecordingListener();
    try (RawChannel peer = new RawChannel(db, "socket.io#/hello")) {
      a.join("/hello", la);
      peer.await(p -> p.contains("\"type\":1"), 10_000);
      peer.send("{\"type\":1,\"uid\":\"" + FAKE + "\",\"nsp\":\"/hello\"}");

      String answer = peer.await(p -> p.startsWith("{\"type\":2,\"uid\":\"" + a.uid() + "\",\"nsp\":\"/hello\",\"seq\":"), 10_000);
      assertThat(answer).matches("\\{\"type\":2,\"uid\":\"[0-9a-f]{16}\",\"nsp\":\"/hello\",\"seq\":\\d+}");
    }
    assertThat(la.messages).isEmpty();
  }

  @Test
  void shutdownSaysAdapterCloseAndPeersSeeTheNodeLeave() throws Exception {
    PostgresBus a = buses.start(db);
    PostgresBus b = PostgresBus.start(TestBuses.config(db).build()).get();
    RecordingListener la = new RecordingListener();
    BusNamespace na = a.join("/bye", la);
    b.join("/bye", new RecordingListener());
    await().atMost(Duration.ofSeconds(10)).until(() -> na.peers().contains(b.uid()));
    try (RawChannel wire = new RawChannel(db, "socket.io#/bye")) {
      b.shutdown().get();

      wire.await(p -> p.startsWith("{\"type\":13,\"uid\":\"" + b.uid() + "\",\"nsp\":\"/bye\""), 10_000);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> la.events.contains("closed " + b.uid()));
    assertThat(na.peers()).isEmpty();
  }

  @Test
  void aRequestCollectsTheAnswerOfEveryPeerAndTheAnswersSkipTheListener() throws Exception {
    PostgresBus a = buses.start(db);
    PostgresBus b = buses.start(db);
    RecordingListener la = new RecordingListener();
    BusNamespace na = a.join("/ask", la);
    BusNamespace[] nb = new BusNamespace[1];
    nb[0] = b.join("/ask", new RecordingListener(m -> {
      if (m.type() == MessageType.FETCH_SOCKETS && !m.fromSelf()) {
        nb[0].respond(m, MessageType.FETCH_SOCKETS_RESPONSE, JSON.objectNode().set("sockets", JSON.arrayNode().add("s1")));
      }
    }));
    await().atMost(Duration.ofSeconds(10)).until(() -> na.peers().contains(b.uid()));

    List<BusMessage> answers = na.request(MessageType.FETCH_SOCKETS, JSON.objectNode(), MessageType.FETCH_SOCKETS_RESPONSE,
        Duration.ofSeconds(30)).get();

    assertThat(answers).singleElement().satisfies(r -> {
      assertThat(r.uid()).isEqualTo(b.uid());
      assertThat(r.data().fieldNames().next()).isEqualTo("requestId");
      assertThat(r.data().at("/sockets/0").textValue()).isEqualTo("s1");
    });
    assertThat(la.ofType(MessageType.FETCH_SOCKETS_RESPONSE)).isEmpty();
  }

  @Test
  void aRequestFinishesEarlyWhenTheOnlyPeerLeaves() throws Exception {
    PostgresBus a = buses.start(db);
    PostgresBus b = PostgresBus.start(TestBuses.config(db).build()).get();
    BusNamespace na = a.join("/gone", new RecordingListener());
    b.join("/gone", new RecordingListener());
    await().atMost(Duration.ofSeconds(10)).until(() -> na.peers().contains(b.uid()));

    CompletableFuture<List<BusMessage>> answers = na.request(MessageType.SERVER_SIDE_EMIT, JSON.objectNode(),
        MessageType.SERVER_SIDE_EMIT_RESPONSE, Duration.ofMinutes(5));
    b.shutdown().get();

    await().atMost(Duration.ofSeconds(20)).until(answers::isDone);
    assertThat(answers.get()).isEmpty();
  }

  @Test
  void aRequestTimesOutWithTheAnswersThatCame() throws Exception {
    PostgresBus a = buses.start(db);
    PostgresBus b = buses.start(db);
    BusNamespace na = a.join("/part", new RecordingListener());
    BusNamespace[] nb = new BusNamespace[1];
    nb[0] = b.join("/part", new RecordingListener(m -> {
      if (m.type() == MessageType.SERVER_SIDE_EMIT && !m.fromSelf()) {
        nb[0].respond(m, MessageType.SERVER_SIDE_EMIT_RESPONSE, JSON.objectNode().put("packet", "pong"));
      }
    }));
    try (RawChannel silent = new RawChannel(db, "socket.io#/part")) {
      silent.send(heartbeat("/part", -1)); // a peer that never answers
      await().atMost(Duration.ofSeconds(10)).until(() -> na.peers().containsAll(List.of(b.uid(), FAKE)));

      List<BusMessage> answers = na.request(MessageType.SERVER_SIDE_EMIT, JSON.objectNode(),
          MessageType.SERVER_SIDE_EMIT_RESPONSE, Duration.ofMillis(800)).get();

      assertThat(answers).extracting(BusMessage::uid).containsExactly(b.uid());
    }
  }

  @Test
  void aRequestWithNoPeersCompletesEmptyWithoutBeingSent() throws Exception {
    PostgresBus a = buses.start(db);
    RecordingListener la = new RecordingListener();
    BusNamespace na = a.join("/alone", la);

    assertThat(na.request(MessageType.FETCH_SOCKETS, JSON.objectNode(), MessageType.FETCH_SOCKETS_RESPONSE, Duration.ofMinutes(5)).get()).isEmpty();
    assertThat(la.ofType(MessageType.FETCH_SOCKETS)).isEmpty();
  }

  @Test
  void aGapInAPeersSequenceNumbersIsCountedAsMissed() throws Exception {
    PostgresBus a = buses.start(db);
    try (RawChannel peer = new RawChannel(db, "socket.io#/gap")) {
      a.join("/gap", new RecordingListener());
      peer.await(p -> p.contains("\"type\":1"), 10_000);
      peer.send(heartbeat("/gap", 1));
      peer.send(heartbeat("/gap", 5));
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> a.stats().missedMessages() == 3);
  }

  @Test
  void aRepeatedSequenceNumberIsDeliveredOnce() throws Exception {
    PostgresBus a = buses.start(db);
    RecordingListener la = new RecordingListener();
    String message = "{\"type\":9,\"data\":{\"packet\":[\"ev\"]},\"uid\":\"" + FAKE + "\",\"nsp\":\"/again\",\"seq\":7}";
    try (RawChannel peer = new RawChannel(db, "socket.io#/again")) {
      a.join("/again", la);
      peer.await(p -> p.contains("\"type\":1"), 10_000);
      peer.send(message);
      peer.send(message);
      peer.send("{\"type\":9,\"data\":{\"packet\":[\"last\"]},\"uid\":\"" + FAKE + "\",\"nsp\":\"/again\",\"seq\":8}");
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> la.fromPeers(9).size() >= 2);
    assertThat(la.fromPeers(9)).extracting(m -> m.data().at("/packet/0").textValue()).containsExactly("ev", "last");
  }

  @Test
  void emitterMessagesWithoutNspAreDeliveredAndTheEmitterNeverBecomesAPeer() throws Exception {
    PostgresBus a = buses.start(db);
    RecordingListener la = new RecordingListener();
    BusNamespace na;
    try (RawChannel emitter = new RawChannel(db, "socket.io#/")) {
      na = a.join("/", la);
      emitter.await(p -> p.contains("\"type\":1"), 10_000);
      // Verbatim from the wire reference §6.2: the Node emitter 0.1.1 leaves out the top-level nsp.
      emitter.send("{\"type\":9,\"data\":{\"packet\":[\"plain\",\"from-emitter\"]},\"uid\":\"emitter\"}");
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> !la.fromPeers(9).isEmpty());
    assertThat(la.fromPeers(9).getFirst().nsp()).isEqualTo("/");
    assertThat(na.peers()).isEmpty();
    assertThat(la.events).isEmpty();
  }
}
