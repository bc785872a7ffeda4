package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.MessageType;
import io.tidings.bus.wire.Envelope;
import io.tidings.bus.wire.EnvelopeCodec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sender's ring: bounded by time and bytes, honest about what it lost, answered in chunks. */
class ReplayRingTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private long now = 5_000 * SECOND;

  private static String payload(long seq, int chars) {
    return EnvelopeCodec.toJson(new Envelope(MessageType.BROADCAST, JSON.objectNode().put("p", "x".repeat(chars)),
        "me00000000000000", "/t", seq));
  }

  @Test
  void heartbeatsAreNotKeptButTheRangeStillCoversThem() {
    ReplayRing ring = new ReplayRing(30 * SECOND, 1 << 20, () -> now);
    ring.record(1, MessageType.BROADCAST, payload(1, 10), null);
    ring.record(2, MessageType.HEARTBEAT, "{\"type\":2}", null);
    ring.record(3, MessageType.BROADCAST, payload(3, 10), null);
    ReplayRing.Span span = ring.between(0, 4, "me00000000000000", "/t");
    assertThat(span.firstCovered()).isEqualTo(1);
    assertThat(span.envelopes()).extracting(Envelope::seq).containsExactly(1L, 3L);
    assertThat(span.envelopes().get(0).data().path("p").asText()).isEqualTo("x".repeat(10));
  }

  @Test
  void oldEntriesLeaveAtTheWindowAndTheRingSaysItNoLongerCoversThem() {
    ReplayRing ring = new ReplayRing(10 * SECOND, 1 << 20, () -> now);
    ring.record(1, MessageType.BROADCAST, payload(1, 10), null);
    now += 11 * SECOND;
    ring.record(2, MessageType.BROADCAST, payload(2, 10), null);
    assertThat(ring.size()).isEqualTo(1);
    assertThat(ring.between(0, 3, "me", "/t").firstCovered()).isEqualTo(2);
  }

  @Test
  void theBytesCapDropsTheOldestFirst() {
    ReplayRing ring = new ReplayRing(30 * SECOND, 1_000, () -> now);
    for (long seq = 1; seq <= 10; seq++) ring.record(seq, MessageType.BROADCAST, payload(seq, 200), null);
    assertThat(ring.bytes()).isLessThanOrEqualTo(1_000);
    ReplayRing.Span span = ring.between(0, 11, "me", "/t");
    assertThat(span.firstCovered()).isGreaterThan(1);
    assertThat(span.envelopes()).extracting(Envelope::seq).first().isEqualTo(span.firstCovered());
    assertThat(span.envelopes()).extracting(Envelope::seq).last().isEqualTo(10L);
  }

  @Test
  void withReplayOffNothingIsKeptOrCovered() {
    ReplayRing ring = new ReplayRing(0, 1 << 20, () -> now);
    ring.record(1, MessageType.BROADCAST, payload(1, 10), null);
    assertThat(ring.size()).isZero();
    assertThat(ring.between(0, 5, "me", "/t").firstCovered()).isEqualTo(5);
    List<ObjectNode> answer = ring.answer("asker", "r1", 0, 4, "me", "/t");
    assertThat(answer).singleElement().satisfies(c -> {
      assertThat(c.path("first").asLong()).isEqualTo(5);
      assertThat(c.path("done").asBoolean()).isTrue();
      assertThat(c.path("msgs")).isEmpty();
    });
  }

  @Test
  void aLongAnswerComesInChunksOnlyTheLastOfWhichIsDone() {
    ReplayRing ring = new ReplayRing(30 * SECOND, 64L << 20, () -> now);
    int n = 40;
    for (long seq = 1; seq <= n; seq++) ring.record(seq, MessageType.BROADCAST, payload(seq, 20_000), null);
    List<ObjectNode> chunks = ring.answer("asker", "r1", 5, n, "me", "/t");
    assertThat(chunks).hasSizeGreaterThan(1);
    assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> assertThat(c.has("done")).isFalse());
    assertThat(chunks.get(chunks.size() - 1).path("done").asBoolean()).isTrue();
    long expected = 6;
    for (ObjectNode c : chunks) {
      ReplayWire.Chunk parsed = ReplayWire.parseChunk(c, "me", "/t");
      assertThat(parsed.first()).isEqualTo(6);
      assertThat(parsed.last()).isEqualTo(n);
      for (Envelope e : parsed.messages()) assertThat(e.seq()).isEqualTo(expected++);
    }
    assertThat(expected).isEqualTo(n + 1);
  }
}
