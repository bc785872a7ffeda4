package io.tidings.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.bus.BusNamespace;
import io.tidings.server.channels.ChannelTallies;
import io.tidings.server.channels.ClusterPublisher;
import io.tidings.server.channels.LocalApp;
import io.tidings.server.channels.LocalApps;
import io.tidings.server.channels.PresenceMember;
import io.tidings.server.cluster.NodeSnapshot.PresenceEntry;
import io.tidings.server.metrics.ThrottledWarning;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p><b>A change the bus refuses</b> (its outgoing queue full) is lost to every node's view, this one's
 * included. The bus counts and logs the drop; here the {@link ReadBarrier} is told (so no read waits for
 * it) and, on a later tick, at most once per {@value #RESYNC_INTERVAL_MILLIS} ms, this node's whole state
 * is published again as a snapshot. A snapshot rather than the channels concerned: the refused value may
 * be a channel's last unsubscribe or a member's last leave, which nothing left here would say again.
 *
 * <p><b>Threading:</b> {@link #channelCount} and {@link #presence} on event loops, inside the channel's
 * {@code compute}, so one channel's messages leave in the order of its changes; {@link #publishSnapshot},
 * {@link #publishConnections} and {@link #resyncIfRefused} on the cluster state thread. {@link #attach}
 * once, before any of them.
 */
final class ChangePublisher implements ClusterPublisher {

  /** The shortest time between two snapshots sent because changes were refused. */
  static final long RESYNC_INTERVAL_MILLIS = 1_000;

  private static final Logger log = LoggerFactory.getLogger(ClusterSync.class);

  private final ReadBarrier barrier;
  private final LongSupplier nanoClock;
  private final ThrottledWarning refusals = new ThrottledWarning(log, "Cluster view changes refused by the bus "
      + "(its outgoing queue full, or shutting down); this node's state will be published again");
  private final Set<String> changedDuringSnapshot = ConcurrentHashMap.newKeySet();
  private volatile boolean snapshotting;
  /** Set when a change was refused and not yet followed by a snapshot. */
  private volatile boolean refusedSinceSnapshot;
  private long lastResyncNanos; // state thread
  private volatile BusNamespace namespace;
  private volatile LocalApps localApps;

  ChangePublisher(ReadBarrier barrier, LongSupplier nanoClock) {
    this.barrier = barrier;
    this.nanoClock = nanoClock;
    this.lastResyncNanos = nanoClock.getAsLong() - TimeUnit.MILLISECONDS.toNanos(RESYNC_INTERVAL_MILLIS);
  }

  /** The namespace to publish on and the state to describe; before the first message. */
  void attach(BusNamespace namespace, LocalApps localApps) {
    this.namespace = namespace;
    this.localApps = localApps;
  }

  @Override
  public void channelCount(String app, String channel, int count) {
    publish(ClusterMessages.CHANNEL_COUNT, ClusterMessages.channelCount(app, channel, count), app, channel);
  }

  @Override
  public void presence(String app, String channel, PresenceMember member, int sockets, String socketId, boolean joined) {
    publish(ClusterMessages.PRESENCE,
        ClusterMessages.presence(app, channel, member.userId(), member.info(), sockets, socketId, joined), app, channel);
  }

  private void publish(int type, JsonNode data, String app, String channel) {
    barrier.publishing();
    if (!namespace.publish(type, data)) {
      refused(app + " " + channel);
    } else if (snapshotting) {
      changedDuringSnapshot.add(key(app, channel));
    }
  }

  private void refused(String what) {
    barrier.refused();
    refusedSinceSnapshot = true;
    refusals.record(what);
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
    refusedSinceSnapshot = false; // before publishing: a refusal of the snapshot itself sets it again
    barrier.publishing();
    if (!namespace.publish(ClusterMessages.NODE_STATE, ClusterMessages.nodeState(snap))) refused("snapshot");
    snapshotting = false;
    for (String key : Set.copyOf(changedDuringSnapshot)) {
      changedDuringSnapshot.remove(key);
      republish(key);
    }
  }

  /**
   * Publishes this node's whole state again if a change was refused since the last snapshot, at most once
   * per {@value #RESYNC_INTERVAL_MILLIS} ms. State thread, periodically.
   */
  void resyncIfRefused() {
    long now = nanoClock.getAsLong();
    if (!refusedSinceSnapshot || now - lastResyncNanos < TimeUnit.MILLISECONDS.toNanos(RESYNC_INTERVAL_MILLIS)) return;
    lastResyncNanos = now;
    publishSnapshot();
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
