package io.tidings.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.bus.BusListener;
import io.tidings.bus.BusMessage;
import io.tidings.bus.MessageType;
import io.tidings.server.cluster.NodeSnapshot.PresenceEntry;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the {@code /pusher} namespace and sends each message where it belongs.
 *
 * <p>BROADCASTs from other nodes go to this node's subscribers at once, on the delivery thread
 * ({@link RemoteBroadcasts}); this node's own come back too and are dropped (they were delivered here when
 * published). Every other message — this node's own included — is applied to the {@link ClusterState} on
 * the single state thread, in the bus's total order, so every node computes the same {@link Transition}s
 * at the same point of the order. A transition makes every node tell its own subscribers (member frames,
 * through the {@link ClusterListener}); only the node whose message caused it sends the webhook
 * ({@link WebhooksOnce}). This node's own change messages, once applied, release the reads waiting at the
 * {@link ReadBarrier}; its own presence join, once applied, is answered with the member list.
 *
 * <p><b>Threading:</b> the {@link BusListener} methods on the bus delivery thread; {@link #apply} on the
 * cluster state thread.
 */
final class ClusterDispatcher implements BusListener {

  private static final Logger log = LoggerFactory.getLogger(ClusterSync.class);

  private final ClusterState state;
  private final Executor stateThread;
  private final ReadBarrier barrier;
  private final NodeLife nodeLife;
  private final RemoteBroadcasts broadcasts;
  private final ClusterListener listener;
  private final WebhooksOnce webhooks;

  ClusterDispatcher(ClusterState state, Executor stateThread, ReadBarrier barrier, NodeLife nodeLife,
      ClusterListener listener, WebhooksOnce webhooks) {
    this.state = state;
    this.stateThread = stateThread;
    this.barrier = barrier;
    this.nodeLife = nodeLife;
    this.broadcasts = new RemoteBroadcasts(listener);
    this.listener = listener;
    this.webhooks = webhooks;
  }

  @Override
  public void onMessage(BusMessage m) {
    if (m.type() == MessageType.BROADCAST) {
      if (!m.fromSelf()) broadcasts.deliver(m);
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
    nodeLife.nodeLeft(uid, timedOut);
  }

  @Override
  public void onReconnected(long missedMessages) {
    nodeLife.reconnected(missedMessages);
  }

  /** Applies one message in the total order. State thread. */
  void apply(BusMessage m) {
    JsonNode d = m.data();
    boolean self = m.fromSelf();
    switch (m.type()) {
      case ClusterMessages.CHANNEL_COUNT -> handle(state.applyChannelCount(m.uid(), d.path("app").asText(),
          d.path("channel").asText(), d.path("count").asInt()), self, null);
      case ClusterMessages.PRESENCE -> applyPresence(m.uid(), d, self);
      case ClusterMessages.CONNECTIONS -> state.applyConnections(m.uid(), d.path("app").asText(), d.path("count").asInt());
      case ClusterMessages.NODE_STATE -> handle(state.replaceNode(m.uid(), ClusterMessages.readNodeState(d)), self, null);
      case ClusterMessages.STATE_REQUEST -> nodeLife.stateRequested(self);
      case ClusterMessages.NODE_GONE -> handle(nodeLife.nodeGone(d.path("node").asText()), self, null);
      case ClusterMessages.TERMINATE_USER -> listener.terminateUser(d.path("app").asText(), d.path("user").asText());
      default -> { /* other types on this namespace are not ours */ }
    }
    if (self && (m.type() == ClusterMessages.CHANNEL_COUNT || m.type() == ClusterMessages.PRESENCE
        || m.type() == ClusterMessages.NODE_STATE)) {
      barrier.applied();
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
      listener.presenceJoined(app, channel, socket, state.members(app, channel));
    }
  }

  /** Member frames here for every transition; the webhook only for those this node's message caused. */
  private void handle(List<Transition> transitions, boolean originatedHere, String causingSocket) {
    for (Transition t : transitions) {
      switch (t) {
        case Transition.MemberAdded ma -> listener.memberAdded(ma.app(), ma.channel(), ma.member(), causingSocket);
        case Transition.MemberRemoved mr -> listener.memberRemoved(mr.app(), mr.channel(), mr.member());
        case Transition.Occupied o -> { }
        case Transition.Vacated v -> { }
      }
      if (originatedHere) webhooks.raise(t);
    }
  }
}
