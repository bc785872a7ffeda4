package io.tidings.bus.postgres;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The last sequence number seen from each sender of one namespace: a jump reveals how many of its
 * messages this node missed (while its LISTEN connection was down, for instance), and a number already
 * seen reveals a repeat (a publisher resending a batch whose confirmation it lost), which is dropped.
 * Senders that do not number their messages (Node, emitters) are neither counted nor deduplicated.
 *
 * <p>A sender's entry outlives its eviction on purpose: a peer this node stopped hearing because its own
 * LISTEN connection was down comes back with a gap that must be counted. Entries unheard of for
 * {@value #FORGET_AFTER_MINUTES} minutes are pruned.
 *
 * <p><b>Threading:</b> event loop only.
 */
final class SequenceTracker {

  /** What {@link #check} returns for a message already seen. */
  static final long REPEAT = -1;
  static final long FORGET_AFTER_MINUTES = 10;

  private static final class Sender {
    long lastSeq;
    long lastHeardNanos;
  }

  private final Map<String, Sender> senders = new HashMap<>();

  /**
   * Records message {@code seq} of {@code uid}.
   *
   * @return how many of the sender's messages were skipped just before this one (0 when none, or when
   *     the sender was unknown or does not number), or {@link #REPEAT}
   */
  long check(String uid, long seq, long nowNanos) {
    if (seq < 0) {
      return 0;
    }
    Sender s = senders.get(uid);
    if (s == null) {
      s = new Sender();
      s.lastSeq = seq;
      s.lastHeardNanos = nowNanos;
      senders.put(uid, s);
      return 0;
    }
    if (seq <= s.lastSeq) {
      return REPEAT;
    }
    long gap = seq - s.lastSeq - 1;
    s.lastSeq = seq;
    s.lastHeardNanos = nowNanos;
    return gap;
  }

  /** The numbering senders heard from at or after {@code sinceNanos}. */
  Set<String> numberedSendersHeardSince(long sinceNanos) {
    Set<String> uids = new HashSet<>();
    senders.forEach((uid, s) -> {
      if (s.lastHeardNanos - sinceNanos >= 0) {
        uids.add(uid);
      }
    });
    return uids;
  }

  void forget(String uid) {
    senders.remove(uid);
  }

  void prune(long nowNanos) {
    long horizon = java.util.concurrent.TimeUnit.MINUTES.toNanos(FORGET_AFTER_MINUTES);
    senders.values().removeIf(s -> nowNanos - s.lastHeardNanos > horizon);
  }
}
