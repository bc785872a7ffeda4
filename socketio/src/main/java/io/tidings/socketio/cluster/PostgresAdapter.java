package io.tidings.socketio.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.AckListener;
import io.tidings.bus.Bus;
import io.tidings.bus.BusListener;
import io.tidings.bus.BusMessage;
import io.tidings.bus.BusNamespace;
import io.tidings.bus.MessageType;
import io.tidings.socketio.adapter.Adapter;
import io.tidings.socketio.adapter.BroadcastOptions;
import io.tidings.socketio.adapter.InMemoryAdapter;
import io.tidings.socketio.adapter.NamespaceContext;
import io.tidings.socketio.adapter.Sessions;
import io.tidings.socketio.adapter.SocketDetails;
import io.tidings.socketio.parser.Packet;
import io.tidings.socketio.parser.PacketType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter of one namespace in a cluster over PostgreSQL, wire-compatible with the Node
 * {@code @socket.io/postgres-adapter} 0.5 ({@code ClusterAdapterWithHeartbeat}): Java, Node and Go nodes on one
 * database serve one namespace together. Each operation is applied to this node's sockets by an
 * {@link InMemoryAdapter} and, unless {@code local}, published on the bus for the other nodes, which apply it
 * to theirs: broadcasts (rooms, except, flags; binary and large ones through the attachment table), broadcasts
 * with acknowledgements (one BROADCAST_CLIENT_COUNT per node, 0 included, then one BROADCAST_ACK per client),
 * {@code fetchSockets}, {@code socketsJoin}/{@code socketsLeave}, {@code disconnectSockets},
 * {@code serverSideEmit} with or without acknowledgements. Heartbeats, dead-node removal and ADAPTER_CLOSE are
 * the bus's ({@link BusNamespace}); {@link #serverCount()} is {@code 1 +} the live peers.
 *
 * <p><b>Connection state recovery across nodes</b> (when the server has it on; {@link ClusterRecovery}): a
 * broadcast is delivered here when the bus brings it back, in the namespace's total order, stamped with the
 * offset every node gives it, so a client may come back to any Tidings node and get what it missed; a session
 * stays with the node it disconnected from until another asks for it ({@link #SESSION_REQUEST}).
 *
 * <p><b>Threading:</b> as {@link Adapter} states. Messages from the bus arrive on its delivery thread, in the
 * namespace's order, and are applied there (the in-memory adapter's operations never block).
 */
public final class PostgresAdapter implements Adapter {

  /** Tidings only: "who holds session {@code pid}?" ({@code {"requestId","pid"}}); Node peers ignore it. */
  static final int SESSION_REQUEST = MessageType.FIRST_TIDINGS_TYPE + 10;
  /** Tidings only: the answer of the node that held it ({@code {"requestId","session":{sid,pid,rooms,data}}}). */
  static final int SESSION = MessageType.FIRST_TIDINGS_TYPE + 11;

  private static final Logger log = LoggerFactory.getLogger(PostgresAdapter.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final NamespaceContext nsp;
  private final Bus bus;
  private final Duration requestsTimeout;
  private final InMemoryAdapter local;
  private final ClusterRecovery recovery;
  private final SessionRequests sessionRequests;
  private volatile BusNamespace ns;
  private final java.util.concurrent.atomic.AtomicLong malformed = new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param nsp             the namespace served
   * @param bus             the bus it joins the namespace on (shared by every namespace; not owned)
   * @param requestsTimeout how long {@code fetchSockets} (without its own timeout) and a session request wait
   */
  PostgresAdapter(NamespaceContext nsp, Bus bus, Duration requestsTimeout) {
    this.nsp = nsp;
    this.bus = bus;
    this.requestsTimeout = requestsTimeout;
    Duration keep = nsp.maxDisconnectionDuration();
    this.recovery = keep == null ? null : new ClusterRecovery(keep);
    // This node's part, without offsets of its own: offsets here are the cluster's (ClusterRecovery).
    this.local = new InMemoryAdapter(new WithoutRecovery(nsp));
    this.sessionRequests = new SessionRequests(requestsTimeout);
  }

  /** Joins the namespace on the bus: INITIAL_HEARTBEAT once it listens. */
  @Override
  public void init() {
    ns = bus.join(nsp.name(), new Listener());
  }

  /** Completes once this node hears the namespace (see {@link BusNamespace#whenListening()}). Any thread. */
  public CompletableFuture<Void> whenListening() {
    return ns().whenListening();
  }

  /**
   * Messages of peers this adapter could not apply (a BROADCAST without packet data, a SERVER_SIDE_EMIT that is
   * not {@code [event, ...args]}…), dropped; the first one is logged. Any thread.
   */
  public long malformedMessages() {
    return malformed.get();
  }

  /** This node's uid on the bus (every namespace's). */
  public String uid() {
    return bus.uid();
  }

  private BusNamespace ns() {
    BusNamespace n = ns;
    if (n == null) throw new IllegalStateException("the adapter of " + nsp.name() + " is not started");
    return n;
  }

  // ---- this node's sockets ----

  @Override
  public void addAll(String id, Set<String> rooms) {
    local.addAll(id, rooms);
  }

  @Override
  public void del(String id, String room) {
    local.del(id, room);
  }

  @Override
  public void delAll(String id) {
    local.delAll(id);
  }

  @Override
  public Set<String> sockets(Set<String> rooms) {
    return local.sockets(rooms);
  }

  @Override
  public Set<String> socketRooms(String id) {
    return local.socketRooms(id);
  }

  // ---- the cluster's operations ----

  @Override
  public void broadcast(Packet packet, BroadcastOptions opts) {
    boolean recoverable = recovery != null && packet.id() == null && !opts.flags().isVolatile()
        && packet.data() instanceof ArrayNode;
    if (opts.flags().local()) {
      deliver(packet, opts, recoverable ? recovery.localOffset() : null);
      return;
    }
    boolean published = ns().publish(MessageType.BROADCAST, ClusterWire.broadcast(packet.data(), opts));
    if (!recoverable) {
      local.broadcast(packet, opts);
    } else if (!published) {
      // The bus refused it (counted and logged there): this node's sockets still get it, with an offset of
      // this node's own.
      deliver(packet, opts, recovery.localOffset());
    }
    // else: delivered here when the bus brings it back (Listener.onBroadcast), with the cluster's offset.
  }

  /** Delivers to this node's sockets, stamped with {@code offset} (and kept for recovery) when not null. */
  private void deliver(Packet packet, BroadcastOptions opts, String offset) {
    if (offset == null) {
      local.broadcast(packet, opts);
      return;
    }
    ArrayNode stamped = recovery.stamp((ArrayNode) packet.data(), opts, offset);
    local.broadcast(new Packet(PacketType.EVENT, nsp.name(), stamped, null), opts);
  }

  @Override
  public void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCount, Consumer<JsonNode> ack) {
    if (!opts.flags().local()) {
      ns().broadcastWithAck(ClusterWire.broadcast(packet.data(), opts), opts.flags().timeout(), new AckListener() {
        @Override public void onClientCount(String uid, int count) { clientCount.accept(count); }
        @Override public void onAck(BusMessage m) { ack.accept(m.data().path("packet")); }
      }).exceptionally(refused -> {
        log.debug("broadcast with ack on {} not published", nsp.name(), refused);
        return null;
      });
    }
    local.broadcastWithAck(packet, opts, clientCount, ack);
  }

  /**
   * This node's sockets and every other server's; fails with {@link FetchSocketsTimeoutException} (holding what
   * was found) when servers alive at the request did not answer within {@code flags.timeout}, or the requests
   * timeout, as Node's {@code "timeout reached: missing N responses"}.
   */
  @Override
  public CompletableFuture<List<SocketDetails>> fetchSockets(BroadcastOptions opts) {
    CompletableFuture<List<SocketDetails>> mine = local.fetchSockets(opts);
    if (opts.flags().local()) return mine;
    Duration timeout = opts.flags().timeout() != null ? opts.flags().timeout() : requestsTimeout;
    BusNamespace n = ns();
    int expected = n.peers().size();
    long startNanos = System.nanoTime();
    return n.request(MessageType.FETCH_SOCKETS, ClusterWire.fetch(opts), MessageType.FETCH_SOCKETS_RESPONSE, timeout)
        .thenCombine(mine, (responses, here) -> {
          List<SocketDetails> all = new ArrayList<>(here);
          for (BusMessage r : responses) {
            for (JsonNode s : r.data().path("sockets")) {
              SocketDetails d = ClusterWire.socket(s);
              if (d != null) all.add(d);
            }
          }
          if (timedOut(responses.size(), expected, startNanos, timeout)) {
            throw new FetchSocketsTimeoutException(expected - responses.size(), all);
          }
          return all;
        });
  }

  /**
   * The bus ends a request early only when every expected peer answered or left; a request that ended at its
   * timeout with answers missing timed out.
   */
  private static boolean timedOut(int answers, int expected, long startNanos, Duration timeout) {
    return answers < expected && System.nanoTime() - startNanos >= timeout.toNanos();
  }

  @Override
  public void addSockets(BroadcastOptions opts, Set<String> rooms) {
    if (!opts.flags().local()) ns().publish(MessageType.SOCKETS_JOIN, ClusterWire.rooms(opts, rooms));
    local.addSockets(opts, rooms);
  }

  @Override
  public void delSockets(BroadcastOptions opts, Set<String> rooms) {
    if (!opts.flags().local()) ns().publish(MessageType.SOCKETS_LEAVE, ClusterWire.rooms(opts, rooms));
    local.delSockets(opts, rooms);
  }

  @Override
  public void disconnectSockets(BroadcastOptions opts, boolean close) {
    if (!opts.flags().local()) ns().publish(MessageType.DISCONNECT_SOCKETS, ClusterWire.disconnect(opts, close));
    local.disconnectSockets(opts, close);
  }

  @Override
  public void serverSideEmit(ArrayNode args) {
    ns().publish(MessageType.SERVER_SIDE_EMIT, NODES.objectNode().set("packet", args));
  }

  /**
   * Completes with the first argument of each other server's acknowledgement once every server alive when it
   * was sent answered (or left); fails with {@link ServerSideEmitTimeoutException} (holding the answers that
   * came) when {@code timeout} passed first.
   */
  @Override
  public CompletableFuture<List<JsonNode>> serverSideEmitWithAck(ArrayNode args, Duration timeout) {
    BusNamespace n = ns();
    int expected = n.peers().size();
    long startNanos = System.nanoTime();
    return n.request(MessageType.SERVER_SIDE_EMIT, NODES.objectNode().set("packet", args),
        MessageType.SERVER_SIDE_EMIT_RESPONSE, timeout).thenCompose(responses -> {
          List<JsonNode> values = new ArrayList<>(responses.size());
          for (BusMessage r : responses) values.add(r.data().path("packet"));
          return timedOut(responses.size(), expected, startNanos, timeout)
              ? CompletableFuture.failedFuture(new ServerSideEmitTimeoutException(expected - responses.size(), values))
              : CompletableFuture.completedFuture(values);
        });
  }

  @Override
  public CompletableFuture<Integer> serverCount() {
    return CompletableFuture.completedFuture(ns().serverCount());
  }

  // ---- connection state recovery ----

  @Override
  public void persistSession(Sessions.Persisted session) {
    if (recovery != null) recovery.persist(session);
  }

  @Override
  public CompletableFuture<Sessions.Restored> restoreSession(String pid, String offset) {
    if (recovery == null) return CompletableFuture.completedFuture(null);
    Sessions.Persisted here = recovery.take(pid);
    if (here != null) return CompletableFuture.completedFuture(recovery.restore(here, offset));
    BusNamespace n = ns();
    if (n.peers().isEmpty()) return CompletableFuture.completedFuture(null);
    return sessionRequests.ask(n, pid).thenApply(s -> s == null ? null : recovery.restore(s, offset));
  }

  /** Leaves the namespace: ADAPTER_CLOSE to the peers. The bus itself belongs to whoever gave it. */
  @Override
  public CompletableFuture<Void> close() {
    BusNamespace n = ns;
    if (n != null) n.leave();
    sessionRequests.cancelAll();
    return CompletableFuture.completedFuture(null);
  }

  // ---- what the other nodes publish ----

  private final class Listener implements BusListener {
    @Override
    public void onMessage(BusMessage m) {
      try {
        switch (m.type()) {
          case MessageType.BROADCAST -> onBroadcast(m);
          case MessageType.SOCKETS_JOIN -> {
            if (!m.fromSelf()) local.addSockets(ClusterWire.opts(m.data().get("opts")), ClusterWire.strings(m.data().get("rooms")));
          }
          case MessageType.SOCKETS_LEAVE -> {
            if (!m.fromSelf()) local.delSockets(ClusterWire.opts(m.data().get("opts")), ClusterWire.strings(m.data().get("rooms")));
          }
          case MessageType.DISCONNECT_SOCKETS -> {
            if (!m.fromSelf()) local.disconnectSockets(ClusterWire.opts(m.data().get("opts")), m.data().path("close").asBoolean(false));
          }
          case MessageType.FETCH_SOCKETS -> {
            if (!m.fromSelf()) onFetchSockets(m);
          }
          case MessageType.SERVER_SIDE_EMIT -> {
            if (!m.fromSelf()) onServerSideEmit(m);
          }
          case SESSION_REQUEST -> {
            if (!m.fromSelf()) onSessionRequest(m);
          }
          case SESSION -> {
            if (!m.fromSelf()) sessionRequests.answered(m);
          }
          default -> { } // responses to other nodes' requests, and types this node does not know
        }
      } catch (RuntimeException bad) {
        // One peer's bad message fails alone: counted, logged the first time (the bus counts what it could not
        // decode at all).
        if (malformed.getAndIncrement() == 0) {
          log.warn("Ignored a malformed message of type {} from {} on {} (counted in malformedMessages(), not logged again): {}",
              m.type(), m.uid(), nsp.name(), bad.toString());
        }
      }
    }
  }

  private void onBroadcast(BusMessage m) {
    JsonNode data = m.data();
    JsonNode requestId = data.get("requestId");
    JsonNode eventData = data.path("packet").get("data");
    if (!(eventData instanceof ArrayNode args) || args.isEmpty()) {
      throw new IllegalArgumentException("a BROADCAST without packet data");
    }
    BroadcastOptions opts = ClusterWire.opts(data.get("opts"));
    Packet packet = Packet.event(nsp.name(), args);
    if (requestId != null) {
      if (m.fromSelf()) return; // this node's own sockets were asked when it was sent
      local.broadcastWithAck(packet, opts,
          count -> ns().respond(m, MessageType.BROADCAST_CLIENT_COUNT, NODES.objectNode().put("clientCount", count)),
          ack -> ns().respond(m, MessageType.BROADCAST_ACK, ackPacket(ack)));
      return;
    }
    boolean recoverable = recovery != null && !opts.flags().isVolatile();
    if (m.fromSelf() && !recoverable) return; // delivered here when it was sent
    String offset = !recoverable ? null : m.seq() >= 0 ? ClusterRecovery.offset(m.uid(), m.seq()) : recovery.localOffset();
    deliver(packet, opts, offset);
  }

  private static ObjectNode ackPacket(JsonNode first) {
    ObjectNode o = NODES.objectNode();
    if (first != null && !first.isMissingNode()) o.set("packet", first);
    return o;
  }

  private void onFetchSockets(BusMessage m) {
    local.fetchSockets(ClusterWire.opts(m.data().get("opts"))).thenAccept(found -> {
      ObjectNode response = NODES.objectNode();
      ArrayNode sockets = response.putArray("sockets");
      for (SocketDetails s : found) sockets.add(ClusterWire.socket(s));
      ns().respond(m, MessageType.FETCH_SOCKETS_RESPONSE, response);
    });
  }

  private void onServerSideEmit(BusMessage m) {
    JsonNode packet = m.data().get("packet");
    if (!(packet instanceof ArrayNode args) || args.isEmpty() || !args.get(0).isTextual()) {
      throw new IllegalArgumentException("a SERVER_SIDE_EMIT without [event, ...args]");
    }
    Consumer<JsonNode> reply = m.data().hasNonNull("requestId")
        ? first -> ns().respond(m, MessageType.SERVER_SIDE_EMIT_RESPONSE, ackPacket(first))
        : null;
    nsp.onServerSideEmit(args, reply);
  }

  private void onSessionRequest(BusMessage m) {
    String pid = m.data().path("pid").asText(null);
    if (pid == null || recovery == null) return;
    Sessions.Persisted s = recovery.take(pid);
    if (s == null) return; // not ours: only the holder answers
    ns().respond(m, SESSION, NODES.objectNode().set("session", SessionRequests.toJson(s)));
  }

  /**
   * The namespace as the in-memory part sees it: recovery is this adapter's business, not its (so it appends no
   * offsets of its own); everything else is the namespace's.
   */
  private record WithoutRecovery(NamespaceContext nsp) implements NamespaceContext {
    @Override public String name() { return nsp.name(); }
    @Override public io.tidings.transport.loop.EventLoops loops() { return nsp.loops(); }
    @Override public io.tidings.socketio.parser.Parser parser() { return nsp.parser(); }
    @Override public long nextAckId() { return nsp.nextAckId(); }
    @Override public io.tidings.socketio.adapter.LocalSocket socket(String id) { return nsp.socket(id); }
    @Override public io.tidings.transport.fanout.DeliveryListener deliveries() { return nsp.deliveries(); }
    @Override public boolean watchesOutgoing() { return nsp.watchesOutgoing(); }
    @Override public Duration maxDisconnectionDuration() { return null; }
    @Override public void onServerSideEmit(ArrayNode args, Consumer<JsonNode> reply) { nsp.onServerSideEmit(args, reply); }
  }
}
