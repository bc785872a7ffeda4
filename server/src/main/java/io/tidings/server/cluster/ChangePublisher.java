package io.tidings.server.cluster;

import io.tidings.bus.BusNamespace;
import io.tidings.server.channels.ChannelTallies;
import io.tidings.server.channels.ClusterPublisher;
import io.tidings.server.channels.LocalApp;
import io.tidings.server.channels.LocalApps;
import io.tidings.server.channels.PresenceMember;
import io.tidings.server.cluster.NodeSnapshot.PresenceEntry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes this node's part of the cluster view: its subscriptions per channel (CHANNEL_COUNT), its
 * sockets per presence member (PRESENCE), its connections per app (CONNECTIONS, coalesced) and, when asked,
 * all of it at once (NODE_STATE). Every value is absolute — this node's count now — so a message may be
 * applied twice, or replaced by a later one, without harm.
 *
 * <p><b>A snapshot racing changes.</b> A snapshot is taken channel by channel while event loops keep
 * changing channels; a change published while the snapshot is being built may leave before it, and the
 * snapshot would then overwrite it with the older value everywhere. So the channels changed meanwhile are
 * announced again right after the snapshot (their values are absolute, so saying them twice is harmless).
 *
 * <p><b>Threading:</b> {@link #channelCount} and {@link #presence} on event loops, inside the channel's
 * {@code compute}, so one channel's messages leave in the order of its changes; {@link #publishSnapshot}
 * and {@link #publishConnections} on the cluster state thread. {@link #attach} once, before any of them.
 */
final class ChangePublisher implements ClusterPublisher {

  private final ReadBarrier barrier;
  private final Set<String> changedDuringSnapshot = ConcurrentHashMap.newKeySet();
  private volatile boolean snapshotting;
  private volatile BusNamespace namespace;
  private volatile LocalApps localApps;

  ChangePublisher(ReadBarrier barrier) {
    this.barrier = barrier;
  }

  /** The namespace to publish on and the state to describe; before the first message. */
  void attach(BusNamespace namespace, LocalApps localApps) {
    this.namespace = namespace;
    this.localApps = localApps;
  }

  @Override
  public void channelCount(String app, String channel, int count) {
    barrier.publishing();
    namespace.publish(ClusterMessages.CHANNEL_COUNT, ClusterMessages.channelCount(app, channel, count));
    if (snapshotting) changedDuringSnapshot.add(key(app, channel));
  }

  @Override
  public void presence(String app, String channel, PresenceMember member, int sockets, String socketId, boolean joined) {
    barrier.publishing();
    namespace.publish(ClusterMessages.PRESENCE,
        ClusterMessages.presence(app, channel, member.userId(), member.info(), sockets, socketId, joined));
    if (snapshotting) changedDuringSnapshot.add(key(app, channel));
  }

  /** Publishes everything this node holds (NODE_STATE), then what changed while it was being taken. State thread. */
  void publishSnapshot() {
    snapshotting = true;
    NodeSnapshot snap = new NodeSnapshot();
    ChannelTallies into = new ChannelTallies() {
      @Override
      public void subscriptions(String app, String channel, int subscriptions) {
        snap.setChannel(app, channel, subscriptions);
      }

      @Override
      public void presence(String app, String channel, PresenceMember member, int sockets) {
        snap.setPresence(app, channel, member.identity(), new PresenceEntry(member.userId(), member.info(), sockets));
      }
    };
    for (LocalApp la : localApps.all()) {
      la.channels().describeTo(into);
      snap.setConnections(la.app().id(), la.connections());
    }
    barrier.publishing();
    namespace.publish(ClusterMessages.NODE_STATE, ClusterMessages.nodeState(snap));
    snapshotting = false;
    for (String key : Set.copyOf(changedDuringSnapshot)) {
      changedDuringSnapshot.remove(key);
      republish(key);
    }
  }

  /** Publishes the connection count of each app whose count changed since the last call. State thread. */
  void publishConnections() {
    for (LocalApp la : localApps.all()) {
      if (la.connectionsChangedAndReset()) {
        namespace.publishLatest("connections:" + la.app().id(), ClusterMessages.CONNECTIONS,
            ClusterMessages.connections(la.app().id(), la.connections()));
      }
    }
  }

  private void republish(String key) {
    int nl = key.indexOf('\n');
    LocalApp la = localApps.get(key.substring(0, nl));
    if (la != null) la.channels().republish(key.substring(nl + 1));
  }

  private static String key(String app, String channel) {
    return app + '\n' + channel;
  }
}
