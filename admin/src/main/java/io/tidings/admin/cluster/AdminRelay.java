package io.tidings.admin.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * How the admin namespace of one node reaches the admin namespaces of the other nodes of its cluster, so
 * that an admin client connected to any node sees the cluster: what one node emits reaches every node's
 * admin clients, a node asks the others for their sockets, and an action taken on one node is applied by
 * each node to its own sockets.
 *
 * <p>{@link AdapterRelay} goes through the admin namespace's Socket.IO adapter (Node's way: broadcasts and
 * {@code serverSideEmit}); {@link BusRelay} through a Tidings bus of its own namespace, for servers whose
 * admin namespace has no cluster adapter (the Pusher server's).
 *
 * <p><b>Threading:</b> every method from any thread; the callbacks given to {@link #start} are called on
 * the relay's thread and must not block.
 */
public interface AdminRelay extends AutoCloseable {

  /** What the relay asks of its own node, for the other nodes. */
  interface Node {
    /** This node's sockets, as the UI's JSON (an array). */
    CompletableFuture<ArrayNode> sockets();

    /** Applies an action (from another node) to this node's sockets. */
    void apply(JsonNode action);

    /** Emits {@code event} with {@code args} to this node's admin clients only. */
    void emitLocally(String event, List<JsonNode> args);

    /** Another node has admin clients (it said so just now). */
    void othersWatching();

    /** Another node gave session id {@code sessionId} to a client that logged in there. */
    void sessionIssued(String sessionId);
  }

  /** Starts relaying for {@code node}. Once, before anything else. */
  void start(Node node);

  /** Emits {@code event} to every admin client of the cluster, this node's included. */
  void emit(String event, Object... args);

  /** Every other node's sockets (each answer an array), with what came within {@code timeout}. */
  CompletableFuture<List<JsonNode>> otherSockets(Duration timeout);

  /** Sends {@code action} to the other nodes (this node applies it itself). */
  void sendAction(JsonNode action);

  /**
   * Tells the other nodes that this one has admin clients, so that they stream their events. Sent when an
   * admin client connects (before it asks for the sockets) and at every stats interval while there is one.
   */
  void announceWatching();

  /** Tells the other nodes the session id this node gave a client, so that it may reconnect to any of them. */
  void announceSession(String sessionId);

  /** Stops relaying. */
  @Override
  void close();

  /** Makes the relay of an admin namespace (which the admin namespace knows only once it exists). */
  @FunctionalInterface
  interface Factory {
    AdminRelay create(io.tidings.socketio.Namespace adminNamespace);
  }
}
