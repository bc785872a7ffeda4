package io.tidings.server.channels;


/**
 * Where the local registry announces this node's changes to the cluster. Values are absolute (this
 * node's count now), so a message may be applied twice or replace an older one without harm.
 *
 * <p><b>Threading:</b> called from any event loop, inside the channel's {@code compute} so that the
 * announcements of one channel leave in the order the changes happened. Implementations must only
 * enqueue; never block.
 */
public interface ClusterPublisher {

  /** This node now has {@code count} subscriptions to {@code channel} of {@code app}. */
  void channelCount(String app, String channel, int count);

  /**
   * This node now has {@code sockets} sockets of {@code member}'s user in presence channel
   * {@code channel}; {@code socketId} is the socket whose join ({@code joined}) or leave caused it.
   */
  void presence(String app, String channel, PresenceMember member, int sockets, String socketId, boolean joined);

  /** Publishes nothing: for registries that stay local (the signed-in users index). */
  ClusterPublisher NONE = new ClusterPublisher() {
    @Override
    public void channelCount(String app, String channel, int count) {}

    @Override
    public void presence(String app, String channel, PresenceMember member, int sockets, String socketId, boolean joined) {}
  };
}
