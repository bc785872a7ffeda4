package io.tidings.socketio.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tidings.socketio.parser.Packet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The rooms of one namespace and everything that reaches its sockets by room: Node's socket.io-adapter
 * {@code Adapter}, the one seam for clustering. {@link InMemoryAdapter} answers from this node alone; a
 * cluster adapter (PostgreSQL) extends the same operations to every node, as Node's {@code ClusterAdapter}
 * does: it applies each operation here (as the in-memory one would) and publishes it for the others.
 *
 * <p>The "local" operations ({@link #addAll}, {@link #del}, {@link #delAll}, {@link #sockets},
 * {@link #socketRooms}) are about this node's sockets only; the others reach the whole cluster unless the
 * options' flags say {@code local}.
 *
 * <p><b>Threading:</b> stated per method. Callbacks and futures complete on any thread (an event loop, or
 * the cluster's listener thread); they must not block.
 */
public interface Adapter {

  /** Starts the adapter (a cluster adapter announces itself). Once, right after creation, on the creating thread. */
  default void init() {}

  /** Puts socket {@code id} into {@code rooms}. On the socket's loop. */
  void addAll(String id, Set<String> rooms);

  /** Takes socket {@code id} out of {@code room}. On the socket's loop. */
  void del(String id, String room);

  /** Takes socket {@code id} out of all its rooms (it disconnected). On the socket's loop. */
  void delAll(String id);

  /**
   * Sends {@code packet} (an EVENT of this namespace, without id) to the sockets {@code opts} names, each
   * once, encoding it once. With connection state recovery on, and unless the packet is volatile, an
   * offset is appended to its data first, as Node's session-aware adapter does. Any thread; returns at once.
   */
  void broadcast(Packet packet, BroadcastOptions opts);

  /**
   * Like {@link #broadcast}, but each client is asked for an acknowledgement: {@code clientCount} is told,
   * once per node (this one included, synchronously), how many sockets it reached; {@code ack} gets the first
   * argument of each client's acknowledgement ({@code MissingNode} when it had none). Any thread.
   */
  void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCount, Consumer<JsonNode> ack);

  /** The ids of this node's sockets in {@code rooms} (all of them when empty). Any thread; a snapshot. */
  Set<String> sockets(Set<String> rooms);

  /** The rooms socket {@code id} of this node is in, or null when it is unknown. Any thread; a snapshot. */
  Set<String> socketRooms(String id);

  /** The sockets {@code opts} names, on every node unless {@code local}. Any thread. */
  CompletableFuture<List<SocketDetails>> fetchSockets(BroadcastOptions opts);

  /** Makes the sockets {@code opts} names join {@code rooms}. Any thread. */
  void addSockets(BroadcastOptions opts, Set<String> rooms);

  /** Makes the sockets {@code opts} names leave {@code rooms}. Any thread. */
  void delSockets(BroadcastOptions opts, Set<String> rooms);

  /** Disconnects the sockets {@code opts} names; {@code close} closes their connections. Any thread. */
  void disconnectSockets(BroadcastOptions opts, boolean close);

  /**
   * Sends {@code args} ({@code [event, ...args]}) to the other servers' namespaces of this name (never to
   * this one). Any thread.
   */
  void serverSideEmit(ArrayNode args);

  /**
   * Like {@link #serverSideEmit}, collecting the first argument of each other server's acknowledgement;
   * completes with them all, or exceptionally after {@code timeout}. On one node: at once, with none. Any
   * thread.
   */
  CompletableFuture<List<JsonNode>> serverSideEmitWithAck(ArrayNode args, Duration timeout);

  /** How many servers serve this namespace, this one included. Any thread. */
  CompletableFuture<Integer> serverCount();

  /**
   * Keeps a disconnected socket's session for connection state recovery (for
   * {@link NamespaceContext#maxDisconnectionDuration()}). On the socket's loop.
   */
  void persistSession(Sessions.Persisted session);

  /**
   * The session {@code pid} and the packets it missed since {@code offset}; completes with null when it is
   * unknown, expired, or {@code offset} is no longer known. Takes the session (it can be restored once). Any
   * thread.
   */
  CompletableFuture<Sessions.Restored> restoreSession(String pid, String offset);

  /** Stops the adapter (a cluster adapter says goodbye). Any thread; once, when the server closes. */
  default CompletableFuture<Void> close() {
    return CompletableFuture.completedFuture(null);
  }
}
