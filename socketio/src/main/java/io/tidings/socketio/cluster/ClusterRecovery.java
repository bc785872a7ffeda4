package io.tidings.socketio.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tidings.socketio.adapter.BroadcastOptions;
import io.tidings.socketio.adapter.Sessions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Connection state recovery for a cluster, on one node: the namespace's broadcast packets of the last
 * {@code maxDisconnectionDuration}, each with the offset every node gives it, and the sessions of the sockets
 * that disconnected from this node within it.
 *
 * <p><b>Offsets are the cluster's.</b> A packet a Tidings node published carries the publisher's uid and its
 * sequence number on the bus ({@code <uid>-<seq>}, see {@link #offset}); every node, the publisher included,
 * stamps it when the bus delivers it, in the bus's total order. So a client that got offset {@code x} from one
 * node can ask any other node for what followed {@code x}, and gets the same packets in the same order. Packets
 * from peers that do not number their messages (Node processes, emitters) get an offset of this node's own
 * ({@link #localOffset}): still recoverable on this node, not on another.
 *
 * <p><b>Sessions stay where they were persisted</b> until a node asks for one ({@link #take}); the asking node
 * restores it with the missed packets from its own log ({@link #restore}).
 *
 * <p><b>Threading:</b> thread-safe; every method holds the lock briefly (no I/O under it).
 */
final class ClusterRecovery {

  private record Kept(String offset, BroadcastOptions opts, ArrayNode data, long atMillis) {}

  private record Disconnected(Sessions.Persisted session, long atMillis) {}

  private final long keepMillis;
  private final String localPrefix;
  private final ArrayDeque<Kept> packets = new ArrayDeque<>();
  private final Map<String, Disconnected> sessions = new HashMap<>();
  private long counter;

  ClusterRecovery(Duration keep) {
    this.keepMillis = keep.toMillis();
    SecureRandom random = new SecureRandom();
    StringBuilder p = new StringBuilder("~");
    for (int i = 0; i < 8; i++) p.append(Character.forDigit(random.nextInt(36), 36));
    this.localPrefix = p.append('-').toString();
  }

  /** The cluster-wide offset of message {@code seq} of sender {@code uid}. */
  static String offset(String uid, long seq) {
    return uid + "-" + Long.toString(seq, 36);
  }

  /** A new offset known to this node only. */
  synchronized String localOffset() {
    return localPrefix + Long.toString(counter++, 36);
  }

  /** {@code data} with {@code offset} appended (a copy), kept for recovery. */
  synchronized ArrayNode stamp(ArrayNode data, BroadcastOptions opts, String offset) {
    long now = System.currentTimeMillis();
    trim(now);
    ArrayNode stamped = data.deepCopy();
    stamped.add(TextNode.valueOf(offset));
    packets.addLast(new Kept(offset, opts, stamped, now));
    return stamped;
  }

  synchronized void persist(Sessions.Persisted session) {
    long now = System.currentTimeMillis();
    trim(now);
    sessions.put(session.pid(), new Disconnected(session, now));
  }

  /** Takes session {@code pid} if this node holds it (unexpired): it can be restored once, anywhere. */
  synchronized Sessions.Persisted take(String pid) {
    trim(System.currentTimeMillis());
    Disconnected d = sessions.remove(pid);
    return d == null ? null : d.session();
  }

  /**
   * {@code session} with the packets of this node's log that followed {@code offset} and were meant for it,
   * oldest first; null when {@code offset} is not in the log (unknown, another node's own, or expired).
   */
  synchronized Sessions.Restored restore(Sessions.Persisted session, String offset) {
    trim(System.currentTimeMillis());
    List<ArrayNode> missed = null;
    for (Kept k : packets) {
      if (missed == null) {
        if (k.offset().equals(offset)) missed = new ArrayList<>();
        continue;
      }
      if (meantFor(session, k.opts())) missed.add(k.data());
    }
    if (missed == null) return null;
    return new Sessions.Restored(session.sid(), session.pid(), session.rooms(), session.data(), missed);
  }

  /** Node's {@code shouldIncludePacket}: in one of the packet's rooms (or it had none) and in none of its exceptions. */
  private static boolean meantFor(Sessions.Persisted session, BroadcastOptions opts) {
    boolean included = opts.rooms().isEmpty();
    for (String room : session.rooms()) {
      if (opts.except().contains(room)) return false;
      if (opts.rooms().contains(room)) included = true;
    }
    return included;
  }

  private void trim(long now) {
    while (!packets.isEmpty() && packets.peekFirst().atMillis() + keepMillis < now) packets.pollFirst();
    Iterator<Disconnected> it = sessions.values().iterator();
    while (it.hasNext()) {
      if (it.next().atMillis() + keepMillis < now) it.remove();
    }
  }
}
