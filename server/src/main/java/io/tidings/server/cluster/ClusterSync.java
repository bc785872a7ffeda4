package io.tidings.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.bus.Bus;
import io.tidings.bus.BusListener;
import io.tidings.bus.BusMessage;
import io.tidings.bus.BusNamespace;
import io.tidings.bus.MessageType;
import io.tidings.server.app.App;
import io.tidings.server.app.AppManager;
import io.tidings.server.channels.ClusterPublisher;
import io.tidings.server.channels.LocalApp;
import io.tidings.server.channels.LocalApps;
import io.tidings.server.channels.PresenceMember;
import io.tidings.server.cluster.NodeSnapshot.PresenceEntry;
import io.tidings.server.pusher.PusherFrames;
import io.tidings.server.webhooks.WebhookEvents;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's {@link ClusterState} in step with every other node's, over the bus.
 *
 * <p>Outgoing: every local change (subscription counts, presence tallies, connection counts) is
 * published as an absolute value ({@link ClusterPublisher}); broadcasts go out as BROADCAST messages
 * when there are other nodes to reach. Incoming: broadcasts from other nodes are fanned out to local
 * subscribers at once, on the bus delivery thread; everything else is applied to the state on a single
 * state thread in the bus's total order, including this node's own messages. The transitions found
 * while applying decide the member frames (every node sends them to its own subscribers) and the
 * webhooks (only the node whose message caused them sends them, so each is sent once).
 *
 * <p>Node life: at start and after a reconnect this node announces its whole state and asks the others
 * for theirs; a node that the bus declares gone is removed by a NODE_GONE message, and the first one in
 * the total order wins; a node that hears it was declared gone while alive announces itself again.
 *
 * <p><b>Threading:</b> the publisher methods are called on event loops inside the channel's
 * {@code compute}; {@link #query} from any thread; the listener methods on the bus delivery thread.
 */
public final class ClusterSync implements BusListener, ClusterPublisher {

  private static final Logger log = LoggerFactory.getLogger(ClusterSync.class);

  /** The bus namespace of the Pusher server: every app of the cluster shares it. */
  public static final String NAMESPACE = "/pusher";
  /** How long an HTTP read waits for this node's own recent changes to come back, at most. */
  private static final long READ_BARRIER_MILLIS = 250;

  private final Bus bus;
  private final boolean clustered;
  private final ScheduledExecutorService stateThread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "tidings-cluster-state");
    t.setDaemon(true);
    return t;
  });
  private final ClusterState state = new ClusterState();
  private final AtomicLong ownPublished = new AtomicLong();
  private long ownApplied; // state thread
  private final java.util.ArrayDeque<Waiter> waiters = new java.util.ArrayDeque<>(); // state thread
  private volatile boolean snapshotting;
  private final Set<String> changedDuringSnapshot = ConcurrentHashMap.newKeySet();

  private volatile BusNamespace namespace;
  /** Bus delivery thread only: BROADCASTs that were not Pusher events, since the last warning. */
  private long ignoredBroadcasts;
  private long lastIgnoredWarningNanos = System.nanoTime() - TimeUnit.MINUTES.toNanos(1);
  private LocalApps localApps;
  private AppManager apps;
  private WebhookEvents webhooks;
  private PresenceReplies replies;

  private record Waiter(long target, long deadlineNanos, Runnable action) {}

  /**
   * @param clustered false for the in-process bus: nothing needs to cross to other nodes, so broadcasts
   *                  and connection counts are not published at all
   */
  public ClusterSync(Bus bus, boolean clustered) {
    this.bus = bus;
    this.clustered = clustered;
  }

  /** Wires the collaborators (they need this object first) and joins the bus. */
  public void start(LocalApps localApps, AppManager apps, WebhookEvents webhooks, PresenceReplies replies) {
    this.localApps = localApps;
    this.apps = apps;
    this.webhooks = webhooks;
    this.replies = replies;
    this.namespace = bus.join(NAMESPACE, this);
    stateThread.execute(this::announce);
    stateThread.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
  }

  /** This node's uid on the bus. */
  public String nodeUid() {
    return bus.uid();
  }

  /** The cluster-wide view; see {@link ClusterState} for what may be read from which thread. */
  public ClusterState state() {
    return state;
  }

  /** True when other nodes may exist (the PostgreSQL bus). */
  public boolean clustered() {
    return clustered;
  }

  /** Connections of {@code appId} on the other nodes. Any thread. */
  public int otherNodesConnections(String appId) {
    return clustered ? state.connections(appId, bus.uid()) : 0;
  }

  /**
   * Runs {@code read} on the state thread once this node's own earlier changes are applied (or after a
   * short bound), so a read right after a subscribe sees it. Any thread.
   */
  public <T> CompletableFuture<T> query(Function<ClusterState, T> read) {
    long target = ownPublished.get();
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable run = () -> {
      try {
        result.complete(read.apply(state));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    };
    stateThread.execute(() -> {
      if (ownApplied >= target) {
        run.run();
      } else {
        waiters.add(new Waiter(target, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READ_BARRIER_MILLIS), run));
      }
    });
    return result;
  }

  /**
   * Publishes a Pusher event to the other nodes (local delivery is the caller's). {@code dataJson} and
   * {@code userIdJson} are JSON text (or null). Any thread.
   *
   * @return as {@link #broadcastAll}
   */
  public boolean broadcast(String appId, String channel, String event, String dataJson, String exceptSocketId,
      String userIdJson, boolean cache) {
    return broadcastAll(List.of(new BroadcastMessage(appId, event, dataJson, List.of(channel), exceptSocketId, userIdJson, cache)));
  }

  /**
   * Publishes Pusher events to the other nodes, all or none (local delivery is the caller's). Any thread.
   *
   * @return true when every one was queued, or when there are no other nodes to reach; false when the bus
   *         refused them all (its outgoing queue has no room for them, or it is shutting down). A caller that
   *         answers for the events should then deliver none of them locally either and tell its client to
   *         retry: nothing was sent anywhere, so the retry duplicates nothing.
   */
  public boolean broadcastAll(List<BroadcastMessage> events) {
    if (!clustered || events.isEmpty()) return true;
    if (events.size() == 1) return namespace.publishRaw(MessageType.BROADCAST, events.getFirst().toJson());
    List<String> data = new java.util.ArrayList<>(events.size());
    for (BroadcastMessage e : events) data.add(e.toJson());
    return namespace.publishRawAll(MessageType.BROADCAST, data);
  }

  /** Closes every socket of {@code userId} on every node, this one included. Any thread. */
  public void terminateUser(String appId, String userId) {
    namespace.publish(ClusterMessages.TERMINATE_USER, ClusterMessages.terminateUser(appId, userId));
  }

  // ---- ClusterPublisher: this node's changes, called inside LocalChannels' compute ----

  @Override
  public void channelCount(String app, String channel, int count) {
    ownPublished.incrementAndGet();
    namespace.publish(ClusterMessages.CHANNEL_COUNT, ClusterMessages.channelCount(app, channel, count));
    if (snapshotting) changedDuringSnapshot.add(app + '\n' + channel);
  }

  @Override
  public void presence(String app, String channel, PresenceMember member, int sockets, String socketId, boolean joined) {
    ownPublished.incrementAndGet();
    namespace.publish(ClusterMessages.PRESENCE,
        ClusterMessages.presence(app, channel, member.userId(), member.info(), sockets, socketId, joined));
    if (snapshotting) changedDuringSnapshot.add(app + '\n' + channel);
  }

  // ---- BusListener ----

  @Override
  public void onMessage(BusMessage m) {
    if (m.type() == MessageType.BROADCAST) {
      if (!m.fromSelf()) deliverBroadcast(m);
      return;
    }
    stateThread.execute(() -> {
      try {
        apply(m);
      } catch (RuntimeException e) {
        log.warn("Dropped an unreadable cluster message of type {} from {}: {}", m.type(), m.uid(), e.toString());
      }
    });
  }

  @Override
  public void onNodeLeft(String uid, boolean timedOut) {
    log.info("Node {} {}; removing its sockets from the cluster view", uid, timedOut ? "timed out" : "left");
    namespace.publish(ClusterMessages.NODE_GONE, ClusterMessages.nodeGone(uid));
  }

  @Override
  public void onReconnected(long missedMessages) {
    log.info("Cluster bus reconnected ({} messages known missed); announcing this node again", missedMessages);
    stateThread.execute(this::announce);
  }

  /** Leaves the bus namespace and stops the state thread. */
  public void stop() {
    BusNamespace ns = namespace;
    if (ns != null) ns.leave();
    stateThread.shutdown();
  }

  // ---- state thread ----

  private void announce() {
    publishSnapshot();
    namespace.publish(ClusterMessages.STATE_REQUEST, null);
  }

  private void apply(BusMessage m) {
    JsonNode d = m.data();
    boolean self = m.fromSelf();
    switch (m.type()) {
      case ClusterMessages.CHANNEL_COUNT -> handle(state.applyChannelCount(m.uid(), d.path("app").asText(),
          d.path("channel").asText(), d.path("count").asInt()), self, null);
      case ClusterMessages.PRESENCE -> applyPresence(m.uid(), d, self);
      case ClusterMessages.CONNECTIONS -> state.applyConnections(m.uid(), d.path("app").asText(), d.path("count").asInt());
      case ClusterMessages.NODE_STATE -> handle(state.replaceNode(m.uid(), ClusterMessages.readNodeState(d)), self, null);
      case ClusterMessages.STATE_REQUEST -> {
        if (!self) publishSnapshot();
      }
      case ClusterMessages.NODE_GONE -> {
        String node = d.path("node").asText();
        if (node.equals(bus.uid())) {
          publishSnapshot(); // declared dead while alive: tell everyone again
        } else if (state.nodes().contains(node)) {
          handle(state.replaceNode(node, null), self, null);
        }
      }
      case ClusterMessages.TERMINATE_USER -> terminateLocally(d.path("app").asText(), d.path("user").asText());
      default -> { /* other types on this namespace are not ours */ }
    }
    if (self && (m.type() == ClusterMessages.CHANNEL_COUNT || m.type() == ClusterMessages.PRESENCE
        || m.type() == ClusterMessages.NODE_STATE)) {
      ownApplied++;
      releaseWaiters(false);
    }
  }

  private void applyPresence(String node, JsonNode d, boolean self) {
    String app = d.path("app").asText();
    String channel = d.path("channel").asText();
    JsonNode user = d.get("user");
    JsonNode info = d.get("info");
    String socket = d.path("socket").asText(null);
    List<Transition> t = state.applyPresence(node, app, channel, user.toString(),
        new PresenceEntry(user, info, d.path("sockets").asInt()));
    handle(t, self, socket);
    if (self && d.path("joined").asBoolean(false)) {
      replies.joined(app, channel, socket, state.members(app, channel));
    }
  }

  private void handle(List<Transition> transitions, boolean originatedHere, String causingSocket) {
    for (Transition t : transitions) {
      switch (t) {
        case Transition.Occupied o -> {
          if (originatedHere) withApp(o.app(), a -> webhooks.channelOccupied(a, o.channel()));
        }
        case Transition.Vacated v -> {
          if (originatedHere) withApp(v.app(), a -> webhooks.channelVacated(a, v.channel()));
        }
        case Transition.MemberAdded ma -> {
          LocalApp local = localApps.get(ma.app());
          if (local != null) {
            local.channels().broadcastMembership(ma.channel(), PusherFrames.memberAdded(ma.channel(), ma.member()), causingSocket);
          }
          if (originatedHere) withApp(ma.app(), a -> webhooks.memberAdded(a, ma.channel(), ma.member().userId()));
        }
        case Transition.MemberRemoved mr -> {
          LocalApp local = localApps.get(mr.app());
          if (local != null) {
            local.channels().broadcastMembership(mr.channel(), PusherFrames.memberRemoved(mr.channel(), mr.member().userId()), null);
          }
          if (originatedHere) withApp(mr.app(), a -> webhooks.memberRemoved(a, mr.channel(), mr.member().userId()));
        }
      }
    }
  }

  private void withApp(String appId, Consumer<App> action) {
    LocalApp local = localApps.get(appId);
    if (local != null) {
      action.accept(local.app());
      return;
    }
    apps.findById(appId).whenComplete((app, err) -> {
      if (app != null) action.accept(app);
    });
  }

  private void terminateLocally(String appId, String userId) {
    LocalApp local = localApps.get(appId);
    if (local == null) return;
    local.users().forEach(userId, c -> c.closeWith(4009, "You got disconnected by the app."));
  }

  private void deliverBroadcast(BusMessage m) {
    BroadcastMessage b;
    try {
      b = m.rawData() != null ? BroadcastMessage.read(m.rawData()) : BroadcastMessage.read(m.data());
    } catch (java.io.IOException e) {
      b = null;
    }
    if (b == null) {
      ignoredBroadcasts++;
      long now = System.nanoTime();
      if (now - lastIgnoredWarningNanos > TimeUnit.SECONDS.toNanos(10)) {
        lastIgnoredWarningNanos = now;
        log.warn("Ignored {} BROADCAST message(s) on {} that are not Pusher events (latest from {})",
            ignoredBroadcasts, NAMESPACE, m.uid());
        ignoredBroadcasts = 0;
      }
      return;
    }
    LocalApp local = localApps.get(b.app());
    for (String channel : b.channels()) {
      if (b.cache()) localApps.cache(b.app()).put(channel, b.event(), b.dataJson());
      if (local == null) continue;
      byte[] frame = PusherFrames.event(b.event(), channel, b.dataJson(), b.userIdJson());
      String user = io.tidings.server.channels.ChannelName.serverToUserId(channel);
      if (user != null) {
        local.users().broadcast(user, frame, b.except());
      } else {
        local.channels().broadcast(channel, frame, b.except());
      }
    }
  }


  private void publishSnapshot() {
    snapshotting = true;
    NodeSnapshot snap = new NodeSnapshot();
    for (LocalApp la : localApps.all()) {
      la.channels().snapshotInto(snap);
      snap.setConnections(la.app().id(), la.connections());
    }
    ownPublished.incrementAndGet();
    namespace.publish(ClusterMessages.NODE_STATE, ClusterMessages.nodeState(snap));
    snapshotting = false;
    // Changes that raced the snapshot may have left before it; say them again (values are absolute).
    for (String key : Set.copyOf(changedDuringSnapshot)) {
      changedDuringSnapshot.remove(key);
      int nl = key.indexOf('\n');
      LocalApp la = localApps.get(key.substring(0, nl));
      if (la != null) la.channels().republish(key.substring(nl + 1));
    }
  }

  private void tick() {
    releaseWaiters(true);
    if (!clustered || localApps == null) return;
    for (LocalApp la : localApps.all()) {
      if (la.connectionsChangedAndReset()) {
        namespace.publishLatest("connections:" + la.app().id(), ClusterMessages.CONNECTIONS,
            ClusterMessages.connections(la.app().id(), la.connections()));
      }
    }
  }

  private void releaseWaiters(boolean expireOld) {
    long now = System.nanoTime();
    while (!waiters.isEmpty()) {
      Waiter w = waiters.peek();
      if (ownApplied >= w.target() || (expireOld && now - w.deadlineNanos() >= 0)) {
        waiters.poll().action().run();
      } else {
        break;
      }
    }
  }
}
