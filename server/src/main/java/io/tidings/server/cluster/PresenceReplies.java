package io.tidings.server.cluster;

import io.tidings.server.channels.PresenceMember;
import java.util.List;

/**
 * Answers a presence subscription once the cluster has applied it: the joining socket learns the
 * members as every node will know them at that point of the total order.
 *
 * <p>Called on the cluster state thread; implementations hop to the socket's event loop.
 */
public interface PresenceReplies {

  /** The join of {@code socketId} to {@code channel} of {@code appId} is applied; {@code members} includes it. */
  void joined(String appId, String channel, String socketId, List<PresenceMember> members);
}
