package io.tidings.server.cluster;

import io.tidings.bus.BusNamespace;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How nodes come, go and come back, as every node's view sees it:
 *
 * <ul>
 *   <li><b>Start and reconnect.</b> A node publishes its snapshot (NODE_STATE) and asks the others for
 *       theirs (STATE_REQUEST); each answers with its own snapshot. After a LISTEN reconnect the bus
 *       reports it once the replays are in (or the wait for them is over), so the snapshot follows what
 *       the others missed of this node.</li>
 *   <li><b>Gone.</b> When the bus declares a peer gone (heartbeat timeout or ADAPTER_CLOSE), each
 *       survivor publishes NODE_GONE; the first one in the total order removes the peer's part from every
 *       view, and since the transitions it causes are that survivor's, only it sends their webhooks.
 *       Later NODE_GONEs for the same peer find nothing left to remove.</li>
 *   <li><b>Declared gone while alive</b> (a long pause, a partition): the node hears a NODE_GONE about
 *       itself and publishes its snapshot again, which puts its part back everywhere.</li>
 * </ul>
 *
 * <p><b>Threading:</b> {@link #nodeLeft} and {@link #reconnected} on the bus delivery thread; the rest on
 * the cluster state thread.
 */
final class NodeLife {

  private static final Logger log = LoggerFactory.getLogger(ClusterSync.class);

  private final String selfUid;
  private volatile BusNamespace namespace;
  private final ChangePublisher changes;
  private final ClusterState state;
  private final Executor stateThread;

  NodeLife(String selfUid, ChangePublisher changes, ClusterState state, Executor stateThread) {
    this.selfUid = selfUid;
    this.stateThread = stateThread;
    this.changes = changes;
    this.state = state;
  }

  /** The namespace to publish on, once joined; before the first call of the others. */
  void attach(BusNamespace namespace) {
    this.namespace = namespace;
  }

  /** Tells every node what this one holds and asks for theirs: at start and after a reconnect. State thread. */
  void announce() {
    changes.publishSnapshot();
    namespace.publish(ClusterMessages.STATE_REQUEST, null);
  }

  /** The bus declared {@code uid} gone; the view learns it in the total order. Delivery thread. */
  void nodeLeft(String uid, boolean timedOut) {
    log.info("Node {} {}; removing its sockets from the cluster view", uid, timedOut ? "timed out" : "left");
    namespace.publish(ClusterMessages.NODE_GONE, ClusterMessages.nodeGone(uid));
  }

  /** The bus has its LISTEN connection back: announce again. Delivery thread (the announcement runs on the state thread). */
  void reconnected(long missedMessages) {
    log.info("Cluster bus reconnected ({} messages known missed); announcing this node again", missedMessages);
    stateThread.execute(this::announce);
  }

  /** A STATE_REQUEST arrived; {@code self} when it is this node's own. State thread. */
  void stateRequested(boolean self) {
    if (!self) changes.publishSnapshot();
  }

  /** A NODE_GONE about {@code node} arrived: the transitions of removing it, if it was still in the view. State thread. */
  List<Transition> nodeGone(String node) {
    if (node.equals(selfUid)) {
      changes.publishSnapshot(); // declared dead while alive: tell everyone again
      return List.of();
    }
    return state.nodes().contains(node) ? state.replaceNode(node, null) : List.of();
  }
}
