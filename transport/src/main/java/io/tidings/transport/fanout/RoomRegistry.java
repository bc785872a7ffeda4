package io.tidings.transport.fanout;

import io.netty.buffer.ByteBuf;
import io.tidings.transport.loop.EventLoops;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A registry of rooms → recipients on this node, and its encode-once fan-out. Pusher's channels and
 * Socket.IO's rooms are both rooms here.
 *
 * <p><b>Algorithm.</b> Each room keeps one member array per event loop. A recipient joins and leaves on
 * its own loop, so each array has a single writer and needs no lock. A broadcast encodes its frames once
 * ({@link FrameSource}, only if some loop has a member) and hands each loop that has members one task
 * ({@link EventLoops#runInOrder}: inline when already on that loop and no broadcast handed to it earlier
 * still waits, so broadcasts reach each member in the order they were made). The room's total changes inside
 * {@link ConcurrentHashMap#compute} on its name, which serializes joins and leaves across loops and
 * removes a room that empties without racing a concurrent join.
 * <ul>
 *   <li><b>One room</b> ({@link #broadcast(String, FrameSource, Recipient)}, Pusher's hot path): the task
 *       walks the room's array for its loop and delivers to each member but the one excluded recipient.
 *       A recipient is in a room at most once, so nobody can be reached twice.</li>
 *   <li><b>The union of rooms minus other rooms</b>
 *       ({@link #broadcast(Collection, Collection, FrameSource)}, Socket.IO's {@code to(a).to(b).except(c)}):
 *       each loop's task takes a fresh stamp from {@link EventLoops#nextStamp}, first stamps every member
 *       of the excluded rooms, then walks the union's rooms delivering to each member whose stamp is not
 *       the fresh one and stamping it. So a recipient in several of the rooms is reached once, and one in
 *       an excluded room never; no set is allocated per broadcast.</li>
 * </ul>
 *
 * <p><b>Hazards.</b>
 * <ul>
 *   <li>A room removed from the map may still be referenced by a broadcast in flight; it then reaches only
 *       the members it still has, which is the same as broadcasting a moment earlier.</li>
 *   <li>The loops to visit are chosen on the broadcasting thread from the arrays' sizes (a volatile read):
 *       a recipient joining on a loop at that instant may be missed, as if it had joined a moment later.
 *       What a task sees on its loop — members of the rooms and of the excluded rooms — is what they are
 *       when it runs, not when the broadcast was called.</li>
 *   <li>Member arrays are never modified while a loop walks them: a recipient closed during a pass leaves
 *       its rooms later (Netty fires {@code channelInactive} in a later task), and {@link Recipient#deliver}
 *       must not join or leave rooms.</li>
 *   <li>Stamps are compared only on the recipient's own loop, and every registry on the same
 *       {@link EventLoops} shares that loop's counter: a stamp left by another registry's broadcast is
 *       never the fresh one.</li>
 *   <li>Broadcasts keep their order (each member gets them in the order they were made, across threads and
 *       registries); a direct write does not join that order. On a member's own loop, a broadcast runs
 *       inline only while no earlier broadcast waits for that loop; when one does, it waits too, and a
 *       direct write made right after it on that loop ({@code sendText}) leaves first. A protocol that
 *       must send after a broadcast hands the send to the loop as well.</li>
 * </ul>
 *
 * <p><b>Threading:</b> {@link #join} and {@link #leave} on the recipient's loop; {@link #broadcast},
 * {@link #forEach}, {@link #size}, {@link #rooms} from any thread.
 *
 * @param <M> the membership type: {@link Membership}, or a protocol's subclass of it
 */
public final class RoomRegistry<M extends Membership> {

  private static final Room[] NO_ROOMS = new Room[0];

  private final EventLoops loops;
  private final DeliveryListener deliveries;
  private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();

  public RoomRegistry(EventLoops loops, DeliveryListener deliveries) {
    this.loops = loops;
    this.deliveries = deliveries;
  }

  /**
   * Puts {@code membership}'s recipient in {@code room}. On the recipient's loop. A recipient joins a
   * room at most once (the protocol keeps track of its rooms); a membership serves one room.
   *
   * @return {@code membership}
   */
  public M join(M membership, String room) {
    if (membership.room != null) {
      throw new IllegalStateException("the membership is already in room " + membership.room.name);
    }
    Room r = rooms.compute(room, (name, existing) -> {
      Room c = existing != null ? existing : new Room(name, loops.size());
      c.size++;
      return c;
    });
    membership.room = r;
    r.members[membership.recipient.loopIndex()].add(membership);
    return membership;
  }

  /** Takes back a membership made by {@link #join}; nothing when it is in no room. On the recipient's loop. */
  public void leave(M membership) {
    Room r = membership.room;
    if (r == null) return;
    r.members[membership.recipient.loopIndex()].remove(membership);
    membership.room = null;
    rooms.computeIfPresent(r.name, (name, current) -> {
      if (current != r) return current; // the room emptied and was re-created; the membership was in the old one
      current.size--;
      return current.size <= 0 ? null : current;
    });
  }

  /**
   * Sends {@code frames} to every member of {@code room} but {@code except} (may be null). Encoded at
   * most once. Any thread; returns at once.
   */
  public void broadcast(String room, FrameSource frames, Recipient except) {
    broadcast(room, frames, except, null);
  }

  /**
   * Like {@link #broadcast(String, FrameSource, Recipient)}, skipping the memberships {@code filter}
   * refuses (called on each member's loop; null accepts all).
   */
  public void broadcast(String room, FrameSource source, Recipient except, Predicate<? super M> filter) {
    Room r = rooms.get(room);
    if (r == null) return;
    ByteBuf[] frames = null;
    try {
      for (int i = 0; i < r.members.length; i++) {
        if (r.members[i].size() == 0) continue;
        if (frames == null) frames = source.encode();
        ByteBuf[] mine = retainAll(frames);
        int loop = i;
        loops.runInOrder(i, () -> deliverToRoom(r, loop, mine, except, filter));
      }
    } finally {
      if (frames != null) releaseAll(frames);
    }
  }

  /**
   * Sends {@code frames} to every recipient in at least one of {@code roomNames} and in none of
   * {@code exceptRoomNames}, each once. Encoded at most once. Any thread; returns at once.
   */
  public void broadcast(Collection<String> roomNames, Collection<String> exceptRoomNames, FrameSource source) {
    Room[] union = resolve(roomNames);
    if (union.length == 0) return;
    Room[] except = resolve(exceptRoomNames);
    if (union.length == 1 && except.length == 0) {
      broadcast(union[0].name, source, null, null);
      return;
    }
    ByteBuf[] frames = null;
    try {
      for (int i = 0; i < loops.size(); i++) {
        if (!anyMembers(union, i)) continue;
        if (frames == null) frames = source.encode();
        ByteBuf[] mine = retainAll(frames);
        int loop = i;
        loops.runInOrder(i, () -> deliverToUnion(union, except, loop, mine));
      }
    } finally {
      if (frames != null) releaseAll(frames);
    }
  }

  /**
   * Runs {@code action} for every membership of {@code room}, each on its own loop (a copy of the loop's
   * members is taken first, so the action may close recipients or leave rooms). Any thread.
   */
  @SuppressWarnings("unchecked")
  public void forEach(String room, Consumer<? super M> action) {
    Room r = rooms.get(room);
    if (r == null) return;
    for (int i = 0; i < r.members.length; i++) {
      LoopMembers m = r.members[i];
      if (m.size() == 0) continue;
      loops.get(i).execute(() -> {
        Membership[] copy = new Membership[m.size()];
        for (int k = 0; k < copy.length; k++) copy[k] = m.get(k);
        for (Membership each : copy) action.accept((M) each);
      });
    }
  }

  /** Memberships of {@code room} on this node. Any thread (weakly consistent). */
  public int size(String room) {
    Room r = rooms.get(room);
    return r == null ? 0 : r.size;
  }

  /** The rooms that have members here (a live view). Any thread. */
  public Set<String> rooms() {
    return rooms.keySet();
  }

  /** True when no room has a member here. */
  public boolean isEmpty() {
    return rooms.isEmpty();
  }

  @SuppressWarnings("unchecked")
  private void deliverToRoom(Room r, int loop, ByteBuf[] frames, Recipient except, Predicate<? super M> filter) {
    int sent = 0;
    try {
      LoopMembers m = r.members[loop];
      int n = m.size(); // fixed for the pass: arrays do not change while a loop walks them
      for (int k = 0; k < n; k++) {
        Membership s = m.get(k);
        Recipient p = s.recipient;
        if (p == except) continue;
        if (filter != null && !filter.test((M) s)) continue;
        if (p.deliver(frames)) sent++;
      }
      if (sent > 0) deliveries.delivered(sent, frames);
    } finally {
      releaseAll(frames);
    }
  }

  private void deliverToUnion(Room[] union, Room[] except, int loop, ByteBuf[] frames) {
    int sent = 0;
    try {
      long stamp = loops.nextStamp(loop);
      for (Room r : except) {
        LoopMembers m = r.members[loop];
        for (int k = 0, n = m.size(); k < n; k++) m.get(k).recipient.stamp = stamp;
      }
      for (Room r : union) {
        LoopMembers m = r.members[loop];
        for (int k = 0, n = m.size(); k < n; k++) {
          Recipient p = m.get(k).recipient;
          if (p.stamp == stamp) continue; // reached through an earlier room, or excluded
          p.stamp = stamp;
          if (p.deliver(frames)) sent++;
        }
      }
      if (sent > 0) deliveries.delivered(sent, frames);
    } finally {
      releaseAll(frames);
    }
  }

  private Room[] resolve(Collection<String> names) {
    if (names == null || names.isEmpty()) return NO_ROOMS;
    List<Room> found = new ArrayList<>(names.size());
    for (String name : names) {
      Room r = rooms.get(name);
      if (r != null && !found.contains(r)) found.add(r);
    }
    return found.toArray(NO_ROOMS);
  }

  private static boolean anyMembers(Room[] rooms, int loop) {
    for (Room r : rooms) {
      if (r.members[loop].size() > 0) return true;
    }
    return false;
  }

  private static ByteBuf[] retainAll(ByteBuf[] frames) {
    for (ByteBuf f : frames) f.retain();
    return frames;
  }

  private static void releaseAll(ByteBuf[] frames) {
    for (ByteBuf f : frames) f.release();
  }
}
