package io.tidings.server.channels;

import io.tidings.server.pusher.PusherFrames.Member;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One channel's subscribers on this node: a member list per event loop, the total, and (for presence
 * channels) how many local sockets each user has.
 *
 * <p>{@link #count} and {@link #localUsers} change only inside {@code LocalChannels}' per-key
 * {@code compute}, which serializes joins and leaves across loops and keeps the messages that announce
 * them in the same order as the changes. {@code members[i]} belongs to loop {@code i}.
 */
public final class LocalChannel {

  /** A user's sockets in this channel on this node. */
  static final class LocalUser {
    Member member;
    int sockets;
  }

  final String name;
  final LoopMembers[] members;
  int count;
  final Map<String, LocalUser> localUsers = new LinkedHashMap<>();

  LocalChannel(String name, int loops) {
    this.name = name;
    this.members = new LoopMembers[loops];
    for (int i = 0; i < loops; i++) members[i] = new LoopMembers();
  }

  public String name() {
    return name;
  }
}
