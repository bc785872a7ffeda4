package io.tidings.bus.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.MessageType;
import io.tidings.bus.wire.Envelope;
import io.tidings.bus.wire.EnvelopeCodec;
import io.tidings.bus.wire.NotifyPayload;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The messages this node recently sent on one namespace, kept so that a peer whose LISTEN connection was
 * down can ask for what it missed ({@link ReplayWire}), and so that this node can fill the gap in its own
 * messages, which NOTIFY did not bring back while it was deaf.
 *
 * <p><b>Bounded twice:</b> an entry older than the window is dropped, and so is the oldest entry whenever
 * the payloads held pass {@code maxBytes}; what a peer then asks for and is no longer here is reported as
 * unrecoverable, never invented. Entries are recorded when their sequence number is given (the publisher's
 * {@code prepare}), in sequence order. Heartbeats and the replay messages themselves are not kept: nobody
 * needs them late, and a replay covers a range of numbers, so their absence is not a loss.
 *
 * <p><b>Cost:</b> one deque entry per message and a reference to the payload string the publisher built
 * anyway (nothing is copied); a payload holding binary keeps its data tree instead. The payload is parsed
 * back into a tree only when a replay is asked for, which is rare.
 *
 * <p><b>Threading:</b> the bus's event loop only.
 */
final class ReplayRing {

  /** The most payload characters one replay message carries; larger replays are cut into several. */
  static final int CHUNK_CHARS = 256 * 1024;

  private record Entry(long seq, int type, String payload, JsonNode binaryData, int bytes, long recordedNanos) {}

  private final long windowNanos;
  private final long maxBytes;
  private final LongSupplier clock;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private long bytes;
  /**
   * The lowest number this ring vouches for: every message from here on is held unless it was a kind not
   * kept. It moves past each entry dropped; with replay off it vouches for nothing.
   */
  private long coveredFrom;

  /**
   * @param windowNanos how long a message is kept; 0 keeps none (replay off)
   * @param maxBytes    the most payload characters kept
   * @param clock       {@link System#nanoTime} or a test's clock
   */
  ReplayRing(long windowNanos, long maxBytes, LongSupplier clock) {
    this.windowNanos = windowNanos;
    this.maxBytes = maxBytes;
    this.clock = clock;
    this.coveredFrom = windowNanos > 0 ? 1 : Long.MAX_VALUE;
  }

  boolean enabled() {
    return windowNanos > 0;
  }

  /**
   * Keeps message {@code seq}. {@code payload} is its NOTIFY JSON; when it holds binary (which its JSON
   * form cannot carry back), {@code binaryData} is its data tree instead.
   */
  void record(long seq, int type, String payload, JsonNode binaryData) {
    if (!enabled() || type == MessageType.HEARTBEAT || type == MessageType.INITIAL_HEARTBEAT
        || type == MessageType.REPLAY_REQUEST || type == MessageType.REPLAY) {
      return;
    }
    long now = clock.getAsLong();
    Entry e = new Entry(seq, type, binaryData == null ? payload : null, binaryData, payload.length(), now);
    entries.addLast(e);
    bytes += e.bytes();
    trim(now);
  }

  /** Drops what is older than the window; the bus calls it now and then, so an idle ring empties too. */
  void trim(long nowNanos) {
    for (Entry e; (e = entries.peekFirst()) != null; ) {
      if (nowNanos - e.recordedNanos() <= windowNanos && bytes <= maxBytes) break;
      entries.pollFirst();
      bytes -= e.bytes();
      coveredFrom = e.seq() + 1;
    }
  }

  /** Payload characters held (for metrics). */
  long bytes() {
    return bytes;
  }

  int size() {
    return entries.size();
  }

  /**
   * The envelopes kept with sequence numbers in {@code (after, before)}, in order, with the first number
   * of that range this ring can still vouch for: everything in {@code (after, firstCovered)} is gone.
   */
  Span between(long after, long before, String uid, String nsp) {
    long firstCovered = Math.min(before, Math.max(after + 1, coveredFrom));
    List<Envelope> found = new ArrayList<>();
    for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.seq() <= after) continue;
      if (e.seq() >= before) break;
      Envelope env = envelope(e, uid, nsp);
      if (env != null) found.add(env);
    }
    return new Span(firstCovered, found);
  }

  /** What {@link #between} found. */
  record Span(long firstCovered, List<Envelope> envelopes) {}

  /**
   * The replay messages that answer a request for everything after {@code after}: one or more
   * {@link MessageType#REPLAY} data objects of at most {@link #CHUNK_CHARS} payload characters each, the
   * last one marked {@code done}. {@code lastSeq} is the last number this node has given, so the answer
   * covers everything up to it.
   */
  List<ObjectNode> answer(String to, String requestId, long after, long lastSeq, String uid, String nsp) {
    long firstCovered = Math.min(lastSeq + 1, Math.max(after + 1, coveredFrom));
    List<ObjectNode> chunks = new ArrayList<>();
    ObjectNode chunk = null;
    int chars = 0;
    for (Entry e : entries) {
      if (e.seq() <= after) continue;
      if (e.seq() > lastSeq) break;
      Envelope env = envelope(e, uid, nsp);
      if (env == null) continue;
      if (chunk == null || chars >= CHUNK_CHARS) {
        chunk = ReplayWire.chunk(to, requestId, firstCovered, lastSeq);
        chunks.add(chunk);
        chars = 0;
      }
      ReplayWire.addMessage(chunk, env);
      chars += e.bytes();
    }
    if (chunks.isEmpty()) {
      chunks.add(ReplayWire.chunk(to, requestId, firstCovered, lastSeq));
    }
    chunks.get(chunks.size() - 1).put("done", true);
    return chunks;
  }

  private static Envelope envelope(Entry e, String uid, String nsp) {
    if (e.binaryData() != null) {
      return new Envelope(e.type(), e.binaryData(), uid, nsp, e.seq());
    }
    try {
      NotifyPayload p = EnvelopeCodec.parse(e.payload());
      return p instanceof Envelope env ? new Envelope(env.type(), env.data(), uid, nsp, e.seq()) : null;
    } catch (IOException unreachable) {
      return null; // we wrote it ourselves
    }
  }

}
