package io.tidings.bus.postgres;

import io.tidings.bus.LocalBus;
import io.tidings.bus.wire.Envelope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Puts each sender's messages of one namespace back in the order it numbered them, exactly once, and
 * recovers the ones this node missed.
 *
 * <p>Every Tidings node numbers its messages per namespace ({@code seq}). A number already seen is a repeat
 * (a publisher resending a batch whose confirmation it lost) and is dropped. A jump is a gap: messages this
 * node did not hear, almost always because its LISTEN connection was down. With replay on:
 *
 * <pre>
 *   LIVE ──gap from a peer──► AWAITING: ask the peer (REPLAY_REQUEST), hold its live messages
 *     ▲                          │  REPLAY chunks: deliver what they carry, in order, past what was delivered
 *     │                          │  last chunk: the held messages follow; repeats among them are dropped
 *     └──────────────────────────┘  no answer within the timeout (renewed while the peer speaks, up to
 *                                    the replay window), the peer gone, or too much held:
 *                                    give up, count the rest as unrecoverable, deliver what is held
 * </pre>
 *
 * A gap in this node's own messages (NOTIFY also brings a node its own, except while it is deaf) is filled
 * at once from its own {@link ReplayRing}. A sender first heard within the replay window after a reconnect,
 * with a number above 1, started while this node was deaf: everything it sent is asked for. Senders that do
 * not number their messages (Node processes, emitters) pass straight through. With replay off, a gap is only
 * counted ({@link BusCounters#missed} and {@link BusCounters#unrecovered}), as before.
 *
 * <p>The request is asked again every {@code retryNanos}: right after an outage the peer's own LISTEN may
 * still be reconnecting, and a NOTIFY reaches only sessions already listening.
 *
 * <p><b>Order:</b> per sender, always. Across senders, the bus's total order holds except for what a
 * replay delivers, which comes when the replay does. Each sender's messages are absolute values about its
 * own state, so per-sender order is what the cluster view needs.
 *
 * <p><b>Threading:</b> the bus's event loop only; {@link Sink} is called there too.
 */
final class SenderStreams {

  /** What the streams hand on. Called on the event loop. */
  interface Sink {
    /** The next message of its sender, in that sender's order, never twice. */
    void process(Envelope e);

    /** Asks {@code sender} for its messages after {@code after}. */
    void askReplay(String sender, long after, String requestId);
  }

  /** Senders unheard of for this long are forgotten. */
  static final long FORGET_AFTER_NANOS = TimeUnit.MINUTES.toNanos(10);

  private static final class Sender {
    long delivered;
    long lastHeardNanos;
    /** Non-null while a replay is awaited. */
    String requestId;
    long askedAfter;
    long askedAtNanos;
    long deadlineNanos;
    long nextAskNanos;
    ArrayDeque<Envelope> held;

    boolean awaiting() {
      return requestId != null;
    }
  }

  private final String selfUid;
  private final String nsp;
  private final ReplayRing ownRing;
  private final Sink sink;
  private final BusCounters counters;
  private final boolean replay;
  private final long timeoutNanos;
  private final long retryNanos;
  private final long windowNanos;
  private final int holdLimit;
  private final Map<String, Sender> senders = new HashMap<>();
  private long reconnectedAtNanos;
  private boolean reconnected;

  SenderStreams(String selfUid, String nsp, ReplayRing ownRing, Sink sink, BusCounters counters,
      long windowNanos, long timeoutNanos, long retryNanos, int holdLimit) {
    this.selfUid = selfUid;
    this.nsp = nsp;
    this.ownRing = ownRing;
    this.sink = sink;
    this.counters = counters;
    this.replay = windowNanos > 0;
    this.windowNanos = windowNanos;
    this.timeoutNanos = timeoutNanos;
    this.retryNanos = retryNanos;
    this.holdLimit = holdLimit;
  }

  /** One envelope as it arrived. */
  void accept(Envelope e, long nowNanos) {
    if (e.seq() < 0) {
      sink.process(e);
      return;
    }
    Sender s = senders.get(e.uid());
    if (s == null) {
      s = new Sender();
      boolean startedWhileDeaf = replay && e.seq() > 1 && !e.uid().equals(selfUid) && reconnected
          && nowNanos - reconnectedAtNanos <= windowNanos;
      s.delivered = startedWhileDeaf ? 0 : e.seq() - 1;
      senders.put(e.uid(), s);
    }
    s.lastHeardNanos = nowNanos;
    if (s.awaiting()) {
      hold(e.uid(), s, e, nowNanos);
    } else {
      inLine(e.uid(), s, e, nowNanos, true);
    }
  }

  /** A REPLAY addressed to this node arrived from {@code sender}. */
  void replayArrived(String sender, ReplayWire.Chunk chunk, long nowNanos) {
    Sender s = senders.get(sender);
    if (s == null || !s.awaiting() || !s.requestId.equals(chunk.requestId())) {
      return; // an answer to a request already settled (asked twice, answered twice)
    }
    if (chunk.first() > s.delivered + 1) {
      counters.unrecovered.add(chunk.first() - s.delivered - 1);
      s.delivered = chunk.first() - 1;
    }
    // Messages from the first held one on also came live; only those before it count as recovered.
    long liveFrom = s.held.isEmpty() ? Long.MAX_VALUE : s.held.peekFirst().seq();
    for (Envelope m : chunk.messages()) {
      if (m.seq() > s.delivered && m.seq() <= chunk.last()) {
        s.delivered = m.seq();
        if (m.seq() < liveFrom) counters.replayed.increment();
        sink.process(m);
      }
    }
    if (chunk.done()) {
      s.delivered = Math.max(s.delivered, chunk.last());
      release(sender, s, nowNanos, true);
    }
  }

  /** {@code sender} left or was evicted: nothing more will come from it, so stop waiting for it. */
  void senderGone(String sender, long nowNanos) {
    Sender s = senders.get(sender);
    if (s != null && s.awaiting()) {
      giveUp(sender, s, nowNanos);
    }
  }

  /** {@code sender} announced ADAPTER_CLOSE: forget it (a later process with its uid starts afresh). */
  void forget(String sender) {
    Sender s = senders.get(sender);
    if (s != null && !s.awaiting()) senders.remove(sender);
  }

  /** This node's LISTEN connection is back after a loss. */
  void reconnected(long nowNanos) {
    reconnected = true;
    reconnectedAtNanos = nowNanos;
  }

  /** Asks again, gives up on overdue replays, forgets long-silent senders. Called about once a second. */
  void tick(long nowNanos) {
    for (Map.Entry<String, Sender> entry : List.copyOf(senders.entrySet())) {
      Sender s = entry.getValue();
      if (!s.awaiting()) continue;
      if (nowNanos - s.deadlineNanos >= 0) {
        giveUp(entry.getKey(), s, nowNanos);
      } else if (nowNanos - s.nextAskNanos >= 0) {
        s.nextAskNanos = nowNanos + retryNanos;
        sink.askReplay(entry.getKey(), s.askedAfter, s.requestId);
      }
    }
    senders.values().removeIf(s -> !s.awaiting() && nowNanos - s.lastHeardNanos > FORGET_AFTER_NANOS);
  }

  /** True while a replay from {@code sender} is awaited. */
  boolean awaiting(String sender) {
    Sender s = senders.get(sender);
    return s != null && s.awaiting();
  }

  /** How many replays are awaited. */
  int awaitingCount() {
    int n = 0;
    for (Sender s : senders.values()) if (s.awaiting()) n++;
    return n;
  }

  /** The numbering senders heard from at or after {@code sinceNanos}, this node excluded. */
  Set<String> sendersHeardSince(long sinceNanos) {
    Set<String> uids = new HashSet<>();
    senders.forEach((uid, s) -> {
      if (!uid.equals(selfUid) && s.lastHeardNanos - sinceNanos >= 0) uids.add(uid);
    });
    return uids;
  }

  private void inLine(String uid, Sender s, Envelope e, long nowNanos, boolean mayAsk) {
    if (e.seq() <= s.delivered) {
      return; // a repeat
    }
    long gap = e.seq() - s.delivered - 1;
    if (gap > 0) {
      boolean self = uid.equals(selfUid);
      if (self && !replay) {
        s.delivered = e.seq() - 1; // as before replay existed: a node's own gap is not counted
      } else {
        counters.missed.add(gap);
        if (self) {
          fillFromOwnRing(s, e.seq());
        } else if (replay && mayAsk) {
          await(uid, s, nowNanos);
          hold(uid, s, e, nowNanos);
          return;
        } else {
          counters.unrecovered.add(gap);
          s.delivered = e.seq() - 1;
        }
      }
    }
    s.delivered = e.seq();
    sink.process(e);
  }

  private void fillFromOwnRing(Sender s, long before) {
    ReplayRing.Span span = ownRing.between(s.delivered, before, selfUid, nsp);
    if (span.firstCovered() > s.delivered + 1) {
      counters.unrecovered.add(span.firstCovered() - s.delivered - 1);
    }
    for (Envelope m : span.envelopes()) {
      s.delivered = m.seq();
      counters.replayed.increment();
      sink.process(m);
    }
    s.delivered = before - 1;
  }

  private void await(String uid, Sender s, long nowNanos) {
    s.requestId = LocalBus.randomUid();
    s.askedAfter = s.delivered;
    s.askedAtNanos = nowNanos;
    s.deadlineNanos = nowNanos + timeoutNanos;
    s.nextAskNanos = nowNanos + retryNanos;
    s.held = new ArrayDeque<>();
    sink.askReplay(uid, s.askedAfter, s.requestId);
  }

  private void hold(String uid, Sender s, Envelope e, long nowNanos) {
    if (s.held.size() >= holdLimit) {
      giveUp(uid, s, nowNanos);
      inLine(uid, s, e, nowNanos, false);
      return;
    }
    s.held.addLast(e);
    // The sender is alive (it just spoke), so it may only be deaf for now — its own LISTEN reconnects with
    // a backoff that can outlast one heartbeat timeout after a database restart. Keep asking while it
    // speaks, as long as what we miss can still be in its ring.
    if (nowNanos - s.askedAtNanos < windowNanos) {
      s.deadlineNanos = Math.max(s.deadlineNanos, nowNanos + timeoutNanos);
    }
  }

  private void giveUp(String uid, Sender s, long nowNanos) {
    // The gap still open (counted as missed when it was found) is lost; gaps further on are new ones.
    for (Envelope e : s.held) {
      if (e.seq() > s.delivered) {
        counters.unrecovered.add(e.seq() - s.delivered - 1);
        s.delivered = e.seq() - 1;
        break;
      }
    }
    release(uid, s, nowNanos, false);
  }

  /** Ends the wait and passes on what was held, in order; gaps left then are asked for again or counted. */
  private void release(String uid, Sender s, long nowNanos, boolean mayAskAgain) {
    List<Envelope> held = new ArrayList<>(s.held);
    s.requestId = null;
    s.held = null;
    for (Envelope e : held) {
      if (s.awaiting()) {
        s.held.addLast(e); // a new gap opened a new wait
      } else {
        inLine(uid, s, e, nowNanos, mayAskAgain);
      }
    }
  }
}
