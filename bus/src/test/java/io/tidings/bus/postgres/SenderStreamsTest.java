package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.MessageType;
import io.tidings.bus.wire.Envelope;
import io.tidings.bus.wire.EnvelopeCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ordering, dedupe and gap recovery for one namespace, driven by hand: no database, a fake clock. */
class SenderStreamsTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String SELF = "self000000000000";
  private static final String PEER = "peer000000000000";
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final List<String> processed = new ArrayList<>();
  private final List<String> asked = new ArrayList<>();
  private final BusCounters counters = new BusCounters();
  private long now = 1_000 * SECOND;
  private final ReplayRing ownRing = new ReplayRing(30 * SECOND, 1 << 20, () -> now);

  private SenderStreams streams(boolean replay) {
    return new SenderStreams(SELF, "/t", ownRing, new SenderStreams.Sink() {
      @Override public void process(Envelope e) {
        processed.add(e.uid().substring(0, 4) + ":" + e.seq());
      }

      @Override public void askReplay(String sender, long after, String requestId) {
        asked.add(sender.substring(0, 4) + " after " + after + " " + requestId);
      }
    }, counters, replay ? 30 * SECOND : 0, 10 * SECOND, SECOND, 1000);
  }

  private static Envelope msg(String uid, long seq) {
    return new Envelope(MessageType.BROADCAST, JSON.objectNode().put("n", seq), uid, "/t", seq);
  }

  private String requestId() {
    String last = asked.get(asked.size() - 1);
    return last.substring(last.lastIndexOf(' ') + 1);
  }

  /** A replay answer from PEER covering {@code first..last} with the messages {@code seqs}. */
  private static ReplayWire.Chunk chunk(String requestId, long first, long last, boolean done, long... seqs) {
    ObjectNode c = ReplayWire.chunk(SELF, requestId, first, last);
    for (long s : seqs) ReplayWire.addMessage(c, msg(PEER, s));
    if (done) c.put("done", true);
    return ReplayWire.parseChunk(c, PEER, "/t");
  }

  @Test
  void inOrderMessagesPassAndRepeatsAreDropped() {
    SenderStreams s = streams(true);
    for (long seq : new long[] {5, 6, 6, 7, 5}) s.accept(msg(PEER, seq), now);
    assertThat(processed).containsExactly("peer:5", "peer:6", "peer:7");
    assertThat(asked).isEmpty();
  }

  @Test
  void aGapHoldsThePeerAndItsReplayIsDeliveredFirstExactlyOnce() {
    SenderStreams s = streams(true);
    s.accept(msg(PEER, 10), now);
    s.accept(msg(PEER, 14), now);          // 11..13 missed
    s.accept(msg(PEER, 15), now);
    assertThat(processed).containsExactly("peer:10");
    assertThat(asked).singleElement().asString().startsWith("peer after 10 ");
    // The peer answers with everything up to its latest number (15), which overlaps what is held.
    s.replayArrived(PEER, chunk(requestId(), 11, 15, false, 11, 12), now);
    s.replayArrived(PEER, chunk(requestId(), 11, 15, true, 13, 14, 15), now);
    s.accept(msg(PEER, 16), now);
    assertThat(processed).containsExactly("peer:10", "peer:11", "peer:12", "peer:13", "peer:14", "peer:15", "peer:16");
    assertThat(counters.missed.sum()).isEqualTo(3);
    assertThat(counters.replayed.sum()).isEqualTo(3);
    assertThat(counters.unrecovered.sum()).isZero();
  }

  @Test
  void numbersTheReplayLeavesOutAreNotLossButWhatTheRingLostIsCounted() {
    SenderStreams s = streams(true);
    s.accept(msg(PEER, 1), now);
    s.accept(msg(PEER, 20), now);
    // The ring lost 2..9; 10..19 held only 12 and 15 worth replaying (the rest were heartbeats).
    s.replayArrived(PEER, chunk(requestId(), 10, 19, true, 12, 15), now);
    assertThat(processed).containsExactly("peer:1", "peer:12", "peer:15", "peer:20");
    assertThat(counters.unrecovered.sum()).isEqualTo(8);
  }

  @Test
  void aStaleAnswerIsIgnored() {
    SenderStreams s = streams(true);
    s.accept(msg(PEER, 1), now);
    s.accept(msg(PEER, 3), now);
    s.replayArrived(PEER, chunk("someotherrequest", 2, 3, true, 2), now);
    assertThat(processed).containsExactly("peer:1");
  }

  @Test
  void theRequestIsRepeatedThenGivenUpAtTheTimeoutAndWhatWasHeldIsDelivered() {
    SenderStreams s = streams(true);
    s.accept(msg(PEER, 1), now);
    s.accept(msg(PEER, 4), now);
    s.accept(msg(PEER, 5), now);
    now += SECOND;
    s.tick(now);
    assertThat(asked).hasSize(2).allSatisfy(a -> assertThat(a).startsWith("peer after 1 "));
    now += 10 * SECOND;
    s.tick(now);
    assertThat(processed).containsExactly("peer:1", "peer:4", "peer:5");
    assertThat(counters.unrecovered.sum()).isEqualTo(2);
    assertThat(s.awaiting(PEER)).isFalse();
  }

  @Test
  void aPeerThatLeavesWhileAwaitedIsGivenUpAtOnce() {
    SenderStreams s = streams(true);
    s.accept(msg(PEER, 1), now);
    s.accept(msg(PEER, 3), now);
    s.senderGone(PEER, now);
    assertThat(processed).containsExactly("peer:1", "peer:3");
    assertThat(counters.unrecovered.sum()).isEqualTo(1);
  }

  @Test
  void withReplayOffAGapIsOnlyCounted() {
    SenderStreams s = streams(false);
    s.accept(msg(PEER, 1), now);
    s.accept(msg(PEER, 4), now);
    assertThat(processed).containsExactly("peer:1", "peer:4");
    assertThat(asked).isEmpty();
    assertThat(counters.missed.sum()).isEqualTo(2);
    assertThat(counters.unrecovered.sum()).isEqualTo(2);
  }

  @Test
  void aGapInOwnMessagesIsFilledFromTheOwnRing() {
    SenderStreams s = streams(true);
    for (long seq = 1; seq <= 5; seq++) {
      ownRing.record(seq, MessageType.BROADCAST, EnvelopeCodec.toJson(msg(SELF, seq)), null);
    }
    s.accept(msg(SELF, 1), now);
    s.accept(msg(SELF, 5), now); // 2..4 came back to nobody while deaf
    assertThat(processed).containsExactly("self:1", "self:2", "self:3", "self:4", "self:5");
    assertThat(asked).isEmpty();
    assertThat(counters.replayed.sum()).isEqualTo(3);
  }

  @Test
  void aSenderFirstHeardSoonAfterAReconnectIsAskedForEverything() {
    SenderStreams s = streams(true);
    s.reconnected(now);
    s.accept(msg(PEER, 7), now);
    assertThat(asked).singleElement().asString().startsWith("peer after 0 ");
  }

  @Test
  void aSenderFirstHeardWithoutAReconnectStartsWhereItIs() {
    SenderStreams s = streams(true);
    s.accept(msg(PEER, 7), now);
    assertThat(processed).containsExactly("peer:7");
    assertThat(asked).isEmpty();
  }

  @Test
  void twoGapsInARowAreRecoveredOneAfterTheOther() {
    SenderStreams s = streams(true);
    s.accept(msg(PEER, 1), now);
    s.accept(msg(PEER, 3), now);
    s.accept(msg(PEER, 6), now); // held: a second gap behind the first
    s.replayArrived(PEER, chunk(requestId(), 2, 3, true, 2, 3), now);
    assertThat(asked).hasSize(2);
    assertThat(asked.get(1)).startsWith("peer after 3 ");
    s.replayArrived(PEER, chunk(requestId(), 4, 6, true, 4, 5, 6), now);
    assertThat(processed).containsExactly("peer:1", "peer:2", "peer:3", "peer:4", "peer:5", "peer:6");
  }

  @Test
  void aPeerThatKeepsSpeakingIsAskedAgainPastOneTimeoutUntilItCanAnswer() {
    // After a database restart the peer's own LISTEN may reconnect later than one heartbeat timeout: it
    // cannot hear the request yet, but it is alive (its messages keep coming), so the wait goes on.
    SenderStreams s = streams(true);
    s.accept(msg(PEER, 1), now);
    s.accept(msg(PEER, 5), now);           // 2..4 missed
    for (int second = 1; second <= 15; second++) {
      now += SECOND;
      s.accept(msg(PEER, 5 + second), now);
      s.tick(now);
    }
    assertThat(counters.unrecovered.sum()).as("not given up while the peer speaks").isZero();
    assertThat(asked.size()).isGreaterThan(10);
    s.replayArrived(PEER, chunk(requestId(), 2, 4, true, 2, 3, 4), now);
    assertThat(processed).startsWith("peer:1", "peer:2", "peer:3", "peer:4", "peer:5").endsWith("peer:20");
    assertThat(counters.replayed.sum()).isEqualTo(3);
  }

  @Test
  void theWaitForAReplayEndsWithTheReplayWindowEvenWhileThePeerSpeaks() {
    SenderStreams s = streams(true);
    s.accept(msg(PEER, 1), now);
    s.accept(msg(PEER, 5), now);           // 2..4 missed
    for (int second = 1; second <= 45; second++) {
      now += SECOND;
      s.accept(msg(PEER, 5 + second), now);
      s.tick(now);
    }
    assertThat(counters.unrecovered.sum()).as("older than the 30 s window: its ring cannot have it").isEqualTo(3);
    assertThat(processed).contains("peer:5", "peer:50");
  }
}
