package io.tidings.server.channels;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What this node counts of one channel: its subscriptions here and (for presence channels) how many local
 * sockets each user has. Who the subscribers are, for the fan-out, is in the app's
 * {@link io.tidings.transport.fanout.RoomRegistry}.
 *
 * <p>{@link #count} and {@link #localUsers} change only inside {@code LocalChannels}' per-key
 * {@code compute}, which serializes joins and leaves across loops and keeps the messages that announce
 * them in the same order as the changes.
 */
public final class LocalChannel {

  /** A user's sockets in this channel on this node. */
  static final class LocalUser {
    PresenceMember member;
    int sockets;
  }

  final String name;
  int count;
  final Map<String, LocalUser> localUsers = new LinkedHashMap<>();

  LocalChannel(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }
}
