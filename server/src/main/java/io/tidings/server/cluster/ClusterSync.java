package io.tidings.server.cluster;

import io.tidings.bus.Bus;
import io.tidings.bus.BusNamespace;
import io.tidings.bus.MessageType;
import io.tidings.server.app.AppManager;
import io.tidings.server.channels.ClusterPublisher;
import io.tidings.server.channels.LocalApps;
import io.tidings.server.metrics.ServerMetrics;
import io.tidings.server.webhooks.WebhookEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Keeps this node's {@link ClusterState} in step with every other node's, over the bus: the face the
 * WebSocket protocol and the HTTP API see of the cluster. Its parts, one job each:
 *
 * <ul>
 *   <li>{@link ChangePublisher}: this node's part of the view, published as absolute values whenever it
 *       changes (the {@link ClusterPublisher} of the local channel registries);</li>
 *   <li>{@link ClusterDispatcher}: every message of the namespace, applied on the state thread in the
 *       bus's total order (other nodes' broadcasts delivered at once), and what its transitions cause;</li>
 *   <li>{@link NodeLife}: snapshots at start and after a reconnect, peers declared gone, a node declared
 *       gone while alive;</li>
 *   <li>{@link WebhooksOnce}: the webhooks of the transitions this node caused, so each leaves once;</li>
 *   <li>{@link ReadBarrier}: HTTP reads wait until this node's own earlier changes are applied.</li>
 * </ul>
 *
 * This node's events go to the other nodes from here ({@link #broadcastAll}) as Socket.IO BROADCASTs.
 *
 * <p><b>Threads:</b> one of its own, {@code tidings-cluster-state}, which applies messages, answers reads
 * and every 100 ms releases reads at their cap, publishes changed connection counts and, after the bus
 * refused a change, this node's state again. The bus calls in
 * on its delivery thread; event loops call {@link #publisher()} inside a channel's {@code compute}.
 *
 * <p><b>Threading:</b> every public method may be called from any thread; {@link #start} and
 * {@link #stop} once each.
 */
public final class ClusterSync {

  /** The bus namespace of the Pusher server: every app of the cluster shares it. */
  public static final String NAMESPACE = "/pusher";
  /** How often the state thread releases reads at their cap and publishes what changed or was refused. */
  private static final long TICK_MILLIS = 100;

  private final Bus bus;
  private final boolean clustered;
  private final ScheduledExecutorService stateThread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "tidings-cluster-state");
    t.setDaemon(true);
    return t;
  });
  private final ClusterState state = new ClusterState();
  private final ReadBarrier barrier;
  private final ChangePublisher changes;
  private volatile BusNamespace namespace;

  /**
   * @param clustered false for the in-process bus: nothing needs to cross to other nodes, so broadcasts
   *                  and connection counts are not published at all
   * @param metrics   counts the reads released at the barrier's cap
   */
  public ClusterSync(Bus bus, boolean clustered, ServerMetrics metrics) {
    this.bus = bus;
    this.clustered = clustered;
    this.barrier = new ReadBarrier(stateThread, System::nanoTime, metrics::readBarrierTimedOut);
    this.changes = new ChangePublisher(barrier, System::nanoTime);
  }

  /** Where the local channel registries announce their changes; it publishes once {@link #start} ran. */
  public ClusterPublisher publisher() {
    return changes;
  }

  /**
   * Joins the bus and announces this node.
   *
   * @param localApps this node's state, to describe and to deliver to
   * @param apps      finds an app's settings for a webhook when this node has no state of it
   * @param webhooks  where the transitions this node causes raise their webhooks
   * @param listener  this node's protocol: what the cluster brings to local sockets
   */
  public void start(LocalApps localApps, AppManager apps, WebhookEvents webhooks, ClusterListener listener) {
    NodeLife nodeLife = new NodeLife(bus.uid(), changes, state, stateThread);
    ClusterDispatcher dispatcher = new ClusterDispatcher(state, stateThread, barrier, nodeLife, listener,
        new WebhooksOnce(localApps, apps, webhooks));
    // The parts that publish learn the namespace right after joining: a bus delivers nothing before join
    // returns (NOTIFY needs a round trip), and this node publishes nothing before the announcement below.
    namespace = bus.join(NAMESPACE, dispatcher);
    changes.attach(namespace, localApps);
    nodeLife.attach(namespace);
    stateThread.execute(nodeLife::announce);
    stateThread.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
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
   * Runs {@code read} on the state thread once this node's own earlier changes are applied (or after
   * {@value ReadBarrier#CAP_MILLIS} ms), so a read right after a subscribe sees it. Any thread.
   */
  public <T> CompletableFuture<T> query(Function<ClusterState, T> read) {
    return barrier.read(() -> read.apply(state));
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
    List<String> data = new ArrayList<>(events.size());
    for (BroadcastMessage e : events) data.add(e.toJson());
    return namespace.publishRawAll(MessageType.BROADCAST, data);
  }

  /** Closes every socket of {@code userId} on every node, this one included. Any thread. */
  public void terminateUser(String appId, String userId) {
    namespace.publish(ClusterMessages.TERMINATE_USER, ClusterMessages.terminateUser(appId, userId));
  }

  /** Leaves the bus namespace and stops the state thread. */
  public void stop() {
    BusNamespace ns = namespace;
    if (ns != null) ns.leave();
    stateThread.shutdown();
  }

  private void tick() {
    barrier.expire();
    if (namespace == null) return;
    changes.resyncIfRefused();
    if (clustered) changes.publishConnections();
  }
}
