package io.tidings.server.cluster;

import io.tidings.server.channels.PresenceMember;

/**
 * A cluster-wide change that clients or webhooks must hear about, found while applying a message to
 * the {@link ClusterState}. Every node applies the same messages in the same order, so every node finds
 * the same transitions; the node that published the message is the one that sends the webhooks.
 */
public sealed interface Transition {

  String app();

  String channel();

  /** The first subscriber anywhere arrived. */
  record Occupied(String app, String channel) implements Transition {}

  /** The last subscriber anywhere left. */
  record Vacated(String app, String channel) implements Transition {}

  /** A user's first socket anywhere joined a presence channel. */
  record MemberAdded(String app, String channel, PresenceMember member) implements Transition {}

  /** A user's last socket anywhere left a presence channel. */
  record MemberRemoved(String app, String channel, PresenceMember member) implements Transition {}
}
