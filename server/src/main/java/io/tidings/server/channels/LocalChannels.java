package io.tidings.server.channels;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.tidings.server.cluster.NodeSnapshot;
import io.tidings.server.cluster.NodeSnapshot.PresenceEntry;
import io.tidings.server.pusher.PusherConnection;
import io.tidings.server.pusher.PusherFrames.Member;
import io.tidings.server.pusher.WebSocketFrames;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The channel → subscribers registry of one app on this node, and its fan-out.
 *
 * <p><b>Algorithm.</b> Each channel keeps one member array per event loop. A connection joins and
 * leaves on its own loop, so each array has a single writer and needs no lock. A broadcast encodes the
 * WebSocket frame once and hands each loop that has members one task (or runs inline when already on
 * that loop); the task writes a retained duplicate of the same buffer to every member and marks them
 * for a coalesced flush. The channel's total count, presence tallies and the messages announcing them
 * change inside {@link ConcurrentHashMap#compute} on the channel key, which serializes joins and leaves
 * across loops and removes a channel that empties without racing a concurrent join.
 *
 * <p><b>Hazards.</b> A channel object removed from the map may still be referenced by a broadcast in
 * flight; it then reaches only the members it still has, which is the same as broadcasting a moment
 * earlier. A connection closed during a fan-out leaves later (Netty fires {@code channelInactive} in a
 * later task), so member arrays are never modified while a loop walks them.
 *
 * <p><b>Threading:</b> {@link #join} and {@link #leave} on the connection's loop; {@link #broadcast},
 * {@link #forEach}, {@link #snapshotInto} and the counts from any thread.
 */
public final class LocalChannels {

  /** Told how many frames of how many bytes a fan-out wrote (metrics). Called on event loops. */
  public interface DeliveryListener {
    void delivered(int frames, long bytes);
  }

  private final String appId;
  private final EventLoops loops;
  private final ClusterPublisher publisher;
  private final DeliveryListener deliveries;
  private final ConcurrentHashMap<String, LocalChannel> channels = new ConcurrentHashMap<>();

  public LocalChannels(String appId, EventLoops loops, ClusterPublisher publisher, DeliveryListener deliveries) {
    this.appId = appId;
    this.loops = loops;
    this.publisher = publisher;
    this.deliveries = deliveries;
  }

  /**
   * Adds {@code connection} to {@code channel}, as presence {@code member} when not null. On the
   * connection's loop.
   */
  public Subscription join(PusherConnection connection, String channel, Member member) {
    Subscription[] created = new Subscription[1];
    channels.compute(channel, (name, existing) -> {
      LocalChannel c = existing != null ? existing : new LocalChannel(name, loops.size());
      c.count++;
      publisher.channelCount(appId, name, c.count);
      if (member != null) {
        LocalChannel.LocalUser u = c.localUsers.computeIfAbsent(member.identity(), k -> new LocalChannel.LocalUser());
        u.member = member;
        u.sockets++;
        publisher.presence(appId, name, member, u.sockets, connection.socketId(), true);
      }
      created[0] = new Subscription(connection, c, member);
      return c;
    });
    Subscription s = created[0];
    s.channel.members[connection.loopIndex()].add(s);
    return s;
  }

  /** Removes a subscription made by {@link #join}. On the connection's loop. */
  public void leave(Subscription s) {
    s.channel.members[s.connection.loopIndex()].remove(s);
    channels.computeIfPresent(s.channel.name, (name, c) -> {
      if (c != s.channel) return c; // the channel emptied and was re-created; s belonged to the old one
      c.count--;
      publisher.channelCount(appId, name, c.count);
      if (s.member != null) {
        LocalChannel.LocalUser u = c.localUsers.get(s.userKey);
        if (u != null) {
          u.sockets--;
          if (u.sockets <= 0) c.localUsers.remove(s.userKey);
          publisher.presence(appId, name, u.member, Math.max(u.sockets, 0), s.connection.socketId(), false);
        }
      }
      return c.count <= 0 ? null : c;
    });
  }

  /**
   * Sends one frame to every local subscriber of {@code channel} except the socket {@code exceptSocketId}
   * (may be null). The frame is encoded once. Any thread; returns at once.
   */
  public void broadcast(String channel, byte[] json, String exceptSocketId) {
    broadcast(channel, json, exceptSocketId, false);
  }

  /**
   * Like {@link #broadcast}, for {@code member_added} and {@code member_removed}: presence subscriptions
   * still waiting for their member list are skipped (see {@link Subscription#awaitingMembers}). Called
   * on the cluster state thread, in the order the changes were applied, so that each loop sees a
   * socket's member list and the membership frames in that same order.
   */
  public void broadcastMembership(String channel, byte[] json, String exceptSocketId) {
    broadcast(channel, json, exceptSocketId, true);
  }

  private void broadcast(String channel, byte[] json, String exceptSocketId, boolean membership) {
    LocalChannel c = channels.get(channel);
    if (c == null) return;
    ByteBuf frame = null;
    try {
      for (int i = 0; i < c.members.length; i++) {
        if (c.members[i].size() == 0) continue;
        if (frame == null) frame = WebSocketFrames.text(ByteBufAllocator.DEFAULT, json);
        ByteBuf mine = frame.retain();
        int loop = i;
        EventLoop el = loops.get(i);
        if (el.inEventLoop()) {
          deliver(c, loop, mine, exceptSocketId, membership);
        } else {
          el.execute(() -> deliver(c, loop, mine, exceptSocketId, membership));
        }
      }
    } finally {
      if (frame != null) frame.release();
    }
  }

  /** Runs {@code action} for every local subscriber of {@code channel}, each on its own loop. Any thread. */
  public void forEach(String channel, Consumer<PusherConnection> action) {
    LocalChannel c = channels.get(channel);
    if (c == null) return;
    for (int i = 0; i < c.members.length; i++) {
      if (c.members[i].size() == 0) continue;
      LoopMembers m = c.members[i];
      loops.get(i).execute(() -> {
        // Copy first: the action may close connections, which removes them later but be safe.
        PusherConnection[] copy = new PusherConnection[m.size()];
        for (int k = 0; k < copy.length; k++) copy[k] = m.get(k).connection;
        for (PusherConnection p : copy) action.accept(p);
      });
    }
  }

  /** Announces {@code channel}'s current count and presence tallies again (after a racing snapshot). Any thread. */
  public void republish(String channel) {
    channels.computeIfPresent(channel, (name, c) -> {
      publisher.channelCount(appId, name, c.count);
      for (LocalChannel.LocalUser u : c.localUsers.values()) {
        publisher.presence(appId, name, u.member, u.sockets, null, false);
      }
      return c;
    });
  }

  /** Local subscriptions to {@code channel}. Any thread (weakly consistent). */
  public int count(String channel) {
    LocalChannel c = channels.get(channel);
    return c == null ? 0 : c.count;
  }

  /** True when no channel has a subscriber here. */
  public boolean isEmpty() {
    return channels.isEmpty();
  }

  /** Adds this app's channels and presence tallies to {@code snapshot}. Any thread. */
  public void snapshotInto(NodeSnapshot snapshot) {
    for (String name : channels.keySet()) {
      channels.computeIfPresent(name, (n, c) -> {
        snapshot.setChannel(appId, n, c.count);
        for (Map.Entry<String, LocalChannel.LocalUser> e : c.localUsers.entrySet()) {
          LocalChannel.LocalUser u = e.getValue();
          snapshot.setPresence(appId, n, e.getKey(), new PresenceEntry(u.member.userId(), u.member.info(), u.sockets));
        }
        return c;
      });
    }
  }

  private void deliver(LocalChannel c, int loop, ByteBuf frame, String exceptSocketId, boolean membership) {
    int sent = 0;
    try {
      LoopMembers m = c.members[loop];
      for (int k = 0; k < m.size(); k++) {
        Subscription s = m.get(k);
        if (membership && s.awaitingMembers) continue;
        PusherConnection p = s.connection;
        if (exceptSocketId != null && exceptSocketId.equals(p.socketId())) continue;
        if (p.sendShared(frame)) sent++;
      }
    } finally {
      int payload = WebSocketFrames.payloadLength(frame);
      frame.release();
      if (sent > 0) deliveries.delivered(sent, (long) sent * payload);
    }
  }
}
