package io.tidings.server.cluster;

import io.tidings.server.channels.PresenceMember;
import java.util.List;

/**
 * What the cluster brings to this node's Pusher protocol: other nodes' events, membership changes,
 * presence joins once applied, users to disconnect. The cluster decides when (in the bus's total order);
 * the protocol decides how — which frames, to which local sockets.
 *
 * <p><b>Threading:</b> {@link #event} is called on the bus delivery thread; the others on the cluster state
 * thread, in the order the changes were applied, so that each event loop sees a socket's member list and
 * the membership frames in that same order. Implementations hop to event loops and never block.
 */
public interface ClusterListener {

  /** Another node published {@code event}: deliver it to this node's subscribers; keep it for a cache channel. */
  void event(BroadcastMessage event);

  /**
   * The first socket anywhere of {@code member}'s user joined presence channel {@code channel}: every
   * subscriber here hears of it but the socket whose join it was ({@code exceptSocketId}, may be null).
   */
  void memberAdded(String app, String channel, PresenceMember member, String exceptSocketId);

  /** The last socket anywhere of {@code member}'s user left presence channel {@code channel}. */
  void memberRemoved(String app, String channel, PresenceMember member);

  /**
   * The cluster applied the presence join of this node's socket {@code socketId}: answer it with
   * {@code members}, which includes it, as every node knows them at that point of the total order.
   */
  void presenceJoined(String app, String channel, String socketId, List<PresenceMember> members);

  /** Close every socket of user {@code userId} of {@code app} on this node ({@code terminate_connections}). */
  void terminateUser(String app, String userId);
}
