package io.tidings.server.channels;

import io.tidings.transport.fanout.Membership;

/**
 * One connection's membership in one channel: its place in the channel's room (for the fan-out) and
 * what Pusher keeps about it. Owned by the connection's event loop.
 */
public final class Subscription extends Membership {

  final Subscriber subscriber;
  final LocalChannel channel;
  /** The presence member this socket joined as, or null. */
  final PresenceMember member;
  final String userKey;
  /**
   * A presence subscription whose member list is not sent yet. Membership frames that reach it before
   * the list are dropped: they were queued to the loop before the list, so the list already holds their
   * effect, and a client must not hear of members before its {@code subscription_succeeded}.
   */
  boolean awaitingMembers;

  Subscription(Subscriber subscriber, LocalChannel channel, PresenceMember member) {
    super(subscriber.recipient());
    this.subscriber = subscriber;
    this.channel = channel;
    this.member = member;
    this.userKey = member == null ? null : member.identity();
    this.awaitingMembers = member != null;
  }

  /** True while the member list has not been sent. On the connection's loop. */
  public boolean awaitingMembers() {
    return awaitingMembers;
  }

  /** The member list went to the socket; membership frames from now on reach it. On the connection's loop. */
  public void membersSent() {
    awaitingMembers = false;
  }

  public LocalChannel channel() {
    return channel;
  }

  public PresenceMember member() {
    return member;
  }
}
