package io.tidings.server.pusher;

import io.tidings.server.channels.LocalApp;
import io.tidings.server.channels.LocalApps;
import io.tidings.server.channels.PresenceMember;
import io.tidings.server.cluster.BroadcastMessage;
import io.tidings.server.cluster.ClusterListener;
import java.util.List;

/**
 * What the cluster brings, turned into Soketi's frames for this node's sockets: other nodes' events
 * (and the last event of a cache channel, kept even before any local subscriber), {@code member_added}
 * and {@code member_removed}, the member list of a presence join once the cluster applied it, and the
 * 4009 close of {@code terminate_connections}.
 *
 * <p><b>Threading:</b> as {@link ClusterListener}: {@link #event} on the bus delivery thread, the rest on
 * the cluster state thread; every frame is written on its socket's loop.
 */
final class ClusterDeliveries implements ClusterListener {

  private final LocalApps localApps;
  private final ChannelSubscriptions subscriptions;

  ClusterDeliveries(LocalApps localApps, ChannelSubscriptions subscriptions) {
    this.localApps = localApps;
    this.subscriptions = subscriptions;
  }

  @Override
  public void event(BroadcastMessage b) {
    LocalApp local = localApps.get(b.app());
    for (String channel : b.channels()) {
      if (b.cache()) localApps.cache(b.app()).put(channel, b.event(), b.dataJson());
      if (local != null) local.deliver(channel, PusherFrames.event(b.event(), channel, b.dataJson(), b.userIdJson()), b.except());
    }
  }

  @Override
  public void memberAdded(String app, String channel, PresenceMember member, String exceptSocketId) {
    LocalApp local = localApps.get(app);
    if (local != null) local.channels().broadcastMembership(channel, PusherFrames.memberAdded(channel, member), exceptSocketId);
  }

  @Override
  public void memberRemoved(String app, String channel, PresenceMember member) {
    LocalApp local = localApps.get(app);
    if (local != null) local.channels().broadcastMembership(channel, PusherFrames.memberRemoved(channel, member.userId()), null);
  }

  @Override
  public void presenceJoined(String app, String channel, String socketId, List<PresenceMember> members) {
    subscriptions.joined(app, channel, socketId, members);
  }

  @Override
  public void terminateUser(String app, String userId) {
    LocalApp local = localApps.get(app);
    if (local != null) local.users().forEach(userId, c -> c.closeWith(4009, "You got disconnected by the app."));
  }
}
