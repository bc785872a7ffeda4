package io.tidings.server.channels;

/**
 * Receives one registry's counts, channel by channel: what this node's part of the cluster view is made
 * of, when it is described whole (a node snapshot). The cluster view implements it.
 *
 * <p><b>Threading:</b> called on the thread that asked for the description, inside the channel's
 * {@code compute}, so each channel's figures are consistent with each other; implementations must only
 * record and never block.
 */
public interface ChannelTallies {

  /** This node has {@code subscriptions} subscriptions to {@code channel} of {@code app}. */
  void subscriptions(String app, String channel, int subscriptions);

  /** This node has {@code sockets} sockets of {@code member}'s user in presence channel {@code channel}. */
  void presence(String app, String channel, PresenceMember member, int sockets);
}
