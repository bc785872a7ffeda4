package io.tidings.server.channels;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tidings.transport.fanout.DeliveryListener;
import io.tidings.transport.fanout.Recipient;
import io.tidings.transport.fanout.RoomRegistry;
import io.tidings.transport.loop.EventLoops;
import io.tidings.transport.websocket.WebSocketFrames;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The channel → subscribers registry of one app on this node: the subscribers themselves and the
 * encode-once fan-out are the transport's {@link RoomRegistry} (a channel is a room; its algorithm and
 * hazards are described there); what is Pusher's stays here — each channel's count and presence tallies
 * and the cluster announcements of their changes. Those change inside {@link ConcurrentHashMap#compute}
 * on the channel key, which serializes joins and leaves across loops and keeps the announcements in the
 * order of the changes.
 *
 * <p><b>Threading:</b> {@link #join} and {@link #leave} on the connection's loop; {@link #broadcast},
 * {@link #forEach}, {@link #describeTo} and the counts from any thread.
 */
public final class LocalChannels {

  /** Membership frames skip presence subscriptions still waiting for their member list. */
  private static final Predicate<Subscription> MEMBER_LIST_SENT = s -> !s.awaitingMembers;

  private final String appId;
  private final ClusterPublisher publisher;
  private final Function<String, Subscriber> sockets;
  private final RoomRegistry<Subscription> rooms;
  private final ConnectionActivity activity;
  private final ConcurrentHashMap<String, LocalChannel> channels = new ConcurrentHashMap<>();

  /**
   * @param sockets  finds a local connection by socket id (the one a broadcast leaves out), or null
   * @param activity told of every subscription, unsubscription and broadcast
   */
  public LocalChannels(String appId, EventLoops loops, ClusterPublisher publisher, DeliveryListener deliveries,
      Function<String, Subscriber> sockets, ConnectionActivity activity) {
    this.appId = appId;
    this.publisher = publisher;
    this.sockets = sockets;
    this.rooms = new RoomRegistry<>(loops, deliveries);
    this.activity = activity;
  }

  /**
   * Adds {@code subscriber} to {@code channel}, as presence {@code member} when not null. On the
   * subscriber's loop.
   */
  public Subscription join(Subscriber subscriber, String channel, PresenceMember member) {
    Subscription[] created = new Subscription[1];
    channels.compute(channel, (name, existing) -> {
      LocalChannel c = existing != null ? existing : new LocalChannel(name);
      c.count++;
      publisher.channelCount(appId, name, c.count);
      if (member != null) {
        LocalChannel.LocalUser u = c.localUsers.computeIfAbsent(member.identity(), k -> new LocalChannel.LocalUser());
        u.member = member;
        u.sockets++;
        publisher.presence(appId, name, member, u.sockets, subscriber.socketId(), true);
      }
      created[0] = new Subscription(subscriber, c, member);
      return c;
    });
    activity.subscribed(appId, subscriber.socketId(), channel, member);
    return rooms.join(created[0], channel);
  }

  /** Removes a subscription made by {@link #join}. On the connection's loop. */
  public void leave(Subscription s) {
    rooms.leave(s);
    activity.unsubscribed(appId, s.subscriber.socketId(), s.channel.name);
    channels.computeIfPresent(s.channel.name, (name, c) -> {
      if (c != s.channel) return c; // the channel emptied and was re-created; s belonged to the old one
      c.count--;
      publisher.channelCount(appId, name, c.count);
      if (s.member != null) {
        LocalChannel.LocalUser u = c.localUsers.get(s.userKey);
        if (u != null) {
          u.sockets--;
          if (u.sockets <= 0) c.localUsers.remove(s.userKey);
          publisher.presence(appId, name, u.member, Math.max(u.sockets, 0), s.subscriber.socketId(), false);
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
    rooms.broadcast(channel, () -> textFrame(json), except(exceptSocketId), null);
    activity.delivered(appId, channel, json, exceptSocketId);
  }

  /**
   * Like {@link #broadcast}, for {@code member_added} and {@code member_removed}: presence subscriptions
   * still waiting for their member list are skipped (see {@link Subscription#awaitingMembers}). Called
   * on the cluster state thread, in the order the changes were applied, so that each loop sees a
   * socket's member list and the membership frames in that same order.
   */
  public void broadcastMembership(String channel, byte[] json, String exceptSocketId) {
    rooms.broadcast(channel, () -> textFrame(json), except(exceptSocketId), MEMBER_LIST_SENT);
  }

  private static ByteBuf[] textFrame(byte[] json) {
    return new ByteBuf[] {WebSocketFrames.text(ByteBufAllocator.DEFAULT, json)};
  }

  /** The local connection with {@code socketId} (it may be on another node, or none), or null. */
  private Recipient except(String socketId) {
    if (socketId == null) return null;
    Subscriber s = sockets.apply(socketId);
    return s == null ? null : s.recipient();
  }

  /** Runs {@code action} for every local subscriber of {@code channel}, each on its own loop. Any thread. */
  public void forEach(String channel, Consumer<Subscriber> action) {
    rooms.forEach(channel, s -> action.accept(s.subscriber));
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

  /** Tells {@code into} this app's channels and presence tallies. Any thread. */
  public void describeTo(ChannelTallies into) {
    for (String name : channels.keySet()) {
      channels.computeIfPresent(name, (n, c) -> {
        into.subscriptions(appId, n, c.count);
        for (LocalChannel.LocalUser u : c.localUsers.values()) into.presence(appId, n, u.member, u.sockets);
        return c;
      });
    }
  }
}
