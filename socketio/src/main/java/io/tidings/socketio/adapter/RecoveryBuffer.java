package io.tidings.socketio.adapter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tidings.socketio.parser.Packet;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What connection state recovery keeps on one node (Node's {@code SessionAwareAdapter}): the broadcast
 * packets of the last {@code maxDisconnectionDuration}, each with its offset and options, and the sessions
 * of the sockets that disconnected within it. Both are trimmed as they are used, so nothing older than the
 * duration is kept for long.
 *
 * <p>Offsets are this buffer's own: a random 8-character prefix (so two runs of the server never hand out
 * the same offset) and a counter, in base 36. A client only ever gives back an offset it received.
 *
 * <p><b>Threading:</b> thread-safe; every method holds the buffer's lock briefly (no I/O under it).
 */
final class RecoveryBuffer {

  private record Kept(String offset, BroadcastOptions opts, ArrayNode data, long emittedAtMillis) {}

  private record Disconnected(Sessions.Persisted session, long atMillis) {}

  private final long keepMillis;
  private final String prefix;
  private final ArrayDeque<Kept> packets = new ArrayDeque<>();
  private final Map<String, Disconnected> sessions = new HashMap<>();
  private long counter;

  RecoveryBuffer(Duration keep) {
    this.keepMillis = keep.toMillis();
    SecureRandom random = new SecureRandom();
    StringBuilder p = new StringBuilder(8);
    for (int i = 0; i < 8; i++) p.append(Character.forDigit(random.nextInt(36), 36));
    this.prefix = p.toString();
  }

  /** {@code packet} with a new offset appended to its data, and kept. */
  synchronized Packet stamp(Packet packet, BroadcastOptions opts) {
    long now = System.currentTimeMillis();
    trimPackets(now);
    String offset = prefix + Long.toString(counter++, 36);
    ArrayNode data = ((ArrayNode) packet.data()).deepCopy();
    data.add(TextNode.valueOf(offset));
    packets.addLast(new Kept(offset, opts, data, now));
    return new Packet(packet.type(), packet.nsp(), data, null);
  }

  synchronized void persist(Sessions.Persisted session) {
    long now = System.currentTimeMillis();
    trim(now);
    sessions.put(session.pid(), new Disconnected(session, now));
  }

  /** The session {@code pid} and what it missed after {@code offset}, or null; the session is taken. */
  synchronized Sessions.Restored restore(String pid, String offset) {
    long now = System.currentTimeMillis();
    trim(now);
    Disconnected d = sessions.remove(pid);
    if (d == null) return null;
    List<ArrayNode> missed = null;
    for (Kept k : packets) {
      if (missed == null) {
        if (k.offset().equals(offset)) missed = new ArrayList<>();
        continue;
      }
      if (shouldInclude(d.session(), k.opts())) missed.add(k.data());
    }
    if (missed == null) return null; // the offset is unknown or already dropped
    Sessions.Persisted s = d.session();
    return new Sessions.Restored(s.sid(), s.pid(), s.rooms(), s.data(), missed);
  }

  /** Node's {@code shouldIncludePacket}: in one of the packet's rooms (or it had none) and in none of its exceptions. */
  private static boolean shouldInclude(Sessions.Persisted session, BroadcastOptions opts) {
    boolean included = opts.rooms().isEmpty();
    for (String room : session.rooms()) {
      if (opts.except().contains(room)) return false;
      if (opts.rooms().contains(room)) included = true;
    }
    return included;
  }

  private void trimPackets(long now) {
    while (!packets.isEmpty() && packets.peekFirst().emittedAtMillis() + keepMillis < now) packets.pollFirst();
  }

  /** Both; sessions are walked whole, so only when one is persisted or restored, not per broadcast. */
  private void trim(long now) {
    trimPackets(now);
    Iterator<Disconnected> it = sessions.values().iterator();
    while (it.hasNext()) {
      if (it.next().atMillis() + keepMillis < now) it.remove();
    }
  }
}
