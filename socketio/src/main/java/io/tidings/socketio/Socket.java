package io.tidings.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.EventLoop;
import io.tidings.socketio.adapter.BroadcastFlags;
import io.tidings.socketio.adapter.BroadcastOptions;
import io.tidings.socketio.adapter.LocalSocket;
import io.tidings.socketio.adapter.Sessions;
import io.tidings.socketio.adapter.SocketDetails;
import io.tidings.socketio.engine.packet.EncodedPacket;
import io.tidings.socketio.parser.Packet;
import io.tidings.socketio.parser.PacketType;
import io.tidings.transport.fanout.Recipient;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's connection to one namespace: Node's {@code Socket}. It has an {@link #id()} (also the name
 * of a room only it is in), the {@link #handshake()} it connected with, {@link #data()} for the
 * application, its rooms, its event handlers and the events it emits.
 *
 * <pre>
 *   CONNECT ──► middlewares ──(all proceed)──► connected: CONNECT {"sid":…} sent, "connection" handlers run
 *                     └──(one fails)──► CONNECT_ERROR {"message":…}, never connected
 *   connected ──(client or server disconnect, connection lost, server closing)──► "disconnecting", "disconnect"
 * </pre>
 *
 * <p><b>Threading:</b> thread-safe. The socket lives on its connection's event loop; handlers, middlewares
 * and acknowledgement callbacks run one at a time, in order, on that loop or on the server's handler
 * executor (see {@link EventHandler}). Every method may be called from any thread: emits are handed to the
 * loop in call order; {@link #join} and {@link #leave} called from a thread that is no event loop wait until
 * the loop has applied them, so a broadcast made right after reaches the socket.
 */
public final class Socket {

  private static final Logger log = LoggerFactory.getLogger(Socket.class);

  /** Names Node refuses to emit ({@code RESERVED_EVENTS}). */
  private static final Set<String> RESERVED_EVENTS = Set.of("connect", "connect_error", "disconnect",
      "disconnecting", "newListener", "removeListener");
  /** Reasons after which a session is kept for recovery ({@code RECOVERABLE_DISCONNECT_REASONS}). */
  private static final Set<String> RECOVERABLE = Set.of(DisconnectReason.TRANSPORT_ERROR,
      DisconnectReason.TRANSPORT_CLOSE, DisconnectReason.FORCED_CLOSE, DisconnectReason.PING_TIMEOUT,
      DisconnectReason.SERVER_SHUTTING_DOWN, DisconnectReason.FORCED_SERVER_CLOSE);
  private static final Ack NO_ACK = new Ack() {
    @Override
    public void send(Object... args) {}

    @Override
    public boolean requested() {
      return false;
    }
  };

  private final Namespace nsp;
  private final Client client;
  private final String id;
  private final String pid;
  private final Handshake handshake;
  private final boolean recovered;
  private final List<ArrayNode> missedPackets;
  private final Set<String> restoredRooms;
  final HandlerQueue queue;
  private final Handle handle = new Handle();

  private volatile Object data;
  private volatile boolean connected;
  private volatile Set<String> roomsAtDisconnect = Set.of();
  /** Acknowledgements awaited from the client by id; made on the first emit that asks for one. */
  private volatile Map<Long, Consumer<ArrayNode>> acks;
  private final SocketListeners listeners;

  Socket(Namespace nsp, Client client, JsonNode auth, Sessions.Restored session) {
    this.nsp = nsp;
    this.client = client;
    this.queue = new HandlerQueue(nsp.server().options().handlerExecutor(), client.conn().loop());
    if (session != null) {
      this.id = session.sid();
      this.pid = session.pid();
      this.data = session.data();
      this.restoredRooms = session.rooms();
      this.missedPackets = session.missedPackets();
      this.recovered = true;
    } else {
      this.id = SocketIds.next();
      this.pid = nsp.server().options().connectionStateRecovery() != null ? SocketIds.next() : null;
      this.restoredRooms = Set.of();
      this.missedPackets = List.of();
      this.recovered = false;
    }
    this.handshake = Handshake.of(client.conn().request(), auth, System.currentTimeMillis());
    this.listeners = new SocketListeners(id, queue, nsp.outgoingWatchers);
  }

  /** The awaited acknowledgements, made on first use (most sockets never ask for one). Any thread. */
  private Map<Long, Consumer<ArrayNode>> awaitedAcks() {
    Map<Long, Consumer<ArrayNode>> awaited = acks;
    if (awaited == null) {
      synchronized (this) {
        awaited = acks;
        if (awaited == null) acks = awaited = new ConcurrentHashMap<>();
      }
    }
    return awaited;
  }

  private Consumer<ArrayNode> removeAck(Long ackId) {
    Map<Long, Consumer<ArrayNode>> awaited = acks;
    return awaited == null ? null : awaited.remove(ackId);
  }

  // ---- what the application reads ----

  /** The socket's id: 20 characters, not the Engine.IO session's id (which is secret). */
  public String id() {
    return id;
  }

  /** How the socket connected. */
  public Handshake handshake() {
    return handshake;
  }

  /** The namespace it is connected to. */
  public Namespace nsp() {
    return nsp;
  }

  /** The application's object for this socket (shown by {@code fetchSockets}); null until set. */
  public Object data() {
    return data;
  }

  /** The application's object for this socket, cast (a {@code ClassCastException} when it is no {@code T}). */
  public <T> T data(Class<T> type) {
    return type.cast(data);
  }

  public Socket data(Object value) {
    this.data = value;
    return this;
  }

  /** Whether the socket is connected: true from its {@code "connection"} handler until it disconnects. */
  public boolean connected() {
    return connected;
  }

  /** Whether connection state recovery restored this socket (its id, rooms, data and missed packets). */
  public boolean recovered() {
    return recovered;
  }

  /**
   * Names the client connection this socket shares with its other namespaces: the first 12 characters of
   * the Engine.IO session id, as Node's admin UI shows it (the whole id would let anyone who reads it poll
   * as the client).
   */
  public String clientId() {
    String sid = client.conn().id();
    return sid.length() > 12 ? sid.substring(0, 12) : sid;
  }

  /** The transport now in use: {@code "polling"} or {@code "websocket"}. */
  public String transport() {
    return client.conn().transport();
  }

  /** The rooms the socket is in (its own id's included); a snapshot. */
  public Set<String> rooms() {
    if (!connected) return roomsAtDisconnect;
    Set<String> rooms = nsp.adapter().socketRooms(id);
    return rooms == null ? Set.of() : rooms;
  }

  // ---- rooms ----

  /** Joins {@code rooms}. */
  public Socket join(String... rooms) {
    return join(Arrays.asList(rooms));
  }

  public Socket join(Collection<String> rooms) {
    Set<String> set = new LinkedHashSet<>(rooms);
    LoopCalls.run(loop(), () -> nsp.adapter().addAll(id, set));
    return this;
  }

  /** Leaves {@code room}. */
  public Socket leave(String room) {
    LoopCalls.run(loop(), () -> nsp.adapter().del(id, room));
    return this;
  }

  // ---- events in ----

  /**
   * Handles event {@code event} (Node's {@code socket.on}), or one of the socket's own: {@code "disconnect"}
   * and {@code "disconnecting"} (arguments: the reason, one of {@link DisconnectReason}, and a description
   * when there is one) and {@code "error"} (the message of a packet middleware's failure).
   */
  public Socket on(String event, EventHandler handler) {
    listeners.on(event, handler);
    return this;
  }

  /** Handles event {@code event}, its first argument converted to {@code type} by Jackson. */
  public <T> Socket on(String event, Class<T> type, TypedEventHandler<T> handler) {
    return on(event, (args, ack) -> {
      T value;
      try {
        value = args.get(0, type);
      } catch (IllegalArgumentException e) {
        nsp.server().metrics().dropped("bad argument");
        log.debug("socket {}: event {} dropped, its argument is no {}: {}", id, event, type.getSimpleName(), e.getMessage());
        return;
      }
      handler.handle(value, ack);
    });
  }

  /** Removes every handler of {@code event}. */
  public Socket off(String event) {
    listeners.off(event);
    return this;
  }

  /** Sees every incoming event before its handlers (Node's {@code onAny}). */
  public Socket onAny(AnyListener listener) {
    listeners.onAny(listener, false);
    return this;
  }

  public Socket prependAny(AnyListener listener) {
    listeners.onAny(listener, true);
    return this;
  }

  /** Removes {@code listener}, or every any-listener when null. */
  public Socket offAny(AnyListener listener) {
    listeners.offAny(listener);
    return this;
  }

  /**
   * Sees every event sent to this socket, by its own emits and by broadcasts (Node's {@code onAnyOutgoing}).
   * While any socket of the namespace has one, broadcasts visit the sockets one by one instead of the
   * encode-once fan-out.
   */
  public Socket onAnyOutgoing(AnyListener listener) {
    listeners.onAnyOutgoing(listener, false, connected);
    return this;
  }

  public Socket prependAnyOutgoing(AnyListener listener) {
    listeners.onAnyOutgoing(listener, true, connected);
    return this;
  }

  /** Removes {@code listener}, or every outgoing listener when null. */
  public Socket offAnyOutgoing(AnyListener listener) {
    listeners.offAnyOutgoing(listener);
    return this;
  }

  /** Runs {@code middleware} before each incoming event's handlers (Node's {@code socket.use}). */
  public Socket use(PacketMiddleware middleware) {
    listeners.use(middleware);
    return this;
  }

  // ---- events out ----

  /**
   * Emits {@code event} to this client (Node's {@code socket.emit}). A trailing {@link AckCallback} asks the
   * client for an acknowledgement. Arguments are converted by Jackson ({@code byte[]} and {@code ByteBuffer}
   * as binary). Throws for a reserved name ({@code "disconnect"}, …), as Node does.
   */
  public boolean emit(String event, Object... args) {
    return emit(event, args, BroadcastFlags.NONE);
  }

  /**
   * Emits {@code event} and completes with the client's acknowledgement (Node's {@code emitWithAck}, with no
   * timeout: use {@link #timeout} for one).
   */
  public CompletableFuture<Args> emitWithAck(String event, Object... args) {
    return withAck(event, args, null);
  }

  /** This socket's emits with an acknowledgement timeout (Node's {@code socket.timeout(ms)}). */
  public Timed timeout(Duration timeout) {
    if (timeout == null || timeout.isNegative()) throw new IllegalArgumentException("timeout must be positive: " + timeout);
    return new Timed(timeout);
  }

  /** Emits of one socket with an acknowledgement timeout. Immutable. */
  public final class Timed {
    private final Duration timeout;

    private Timed(Duration timeout) {
      this.timeout = timeout;
    }

    /** Completes with the acknowledgement, or with {@link AckTimeoutException} after the timeout. */
    public CompletableFuture<Args> emitWithAck(String event, Object... args) {
      return withAck(event, args, timeout);
    }

    /**
     * Emits; a trailing {@link TimedAckCallback} gets the acknowledgement or the timeout (Node's
     * {@code socket.timeout(ms).emit("ev", (err, reply) => …)}). Without one, a plain emit.
     */
    public boolean emit(String event, Object... args) {
      if (args.length == 0 || !(args[args.length - 1] instanceof TimedAckCallback callback)) {
        return Socket.this.emit(event, args);
      }
      withAck(event, java.util.Arrays.copyOf(args, args.length - 1), timeout).whenComplete((reply, error) -> {
        Throwable cause = error instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : error;
        callback.onAck(cause, reply != null ? reply : Args.of());
      });
      return true;
    }
  }

  /**
   * This socket's emits as volatile (Node's {@code socket.volatile.emit}): dropped when the connection cannot
   * take them at once (a polling client with no poll waiting).
   */
  public Volatile asVolatile() {
    return new Volatile();
  }

  /** Volatile emits of one socket. Immutable. */
  public final class Volatile {
    private Volatile() {}

    /** Like {@link Socket#emit}, but dropped when the client cannot take it now. */
    public boolean emit(String event, Object... args) {
      return Socket.this.emit(event, args, BroadcastFlags.NONE.withVolatile());
    }
  }

  /** Emits to every socket in {@code rooms} but this one (Node's {@code socket.to(room)}). */
  public BroadcastOperator to(String... rooms) {
    return broadcast().to(rooms);
  }

  public BroadcastOperator in(String... rooms) {
    return to(rooms);
  }

  public BroadcastOperator except(String... rooms) {
    return broadcast().except(rooms);
  }

  /** Every socket of the namespace but this one (Node's {@code socket.broadcast}). */
  public BroadcastOperator broadcast() {
    return new BroadcastOperator(nsp, Set.of(), Set.of(id), BroadcastFlags.NONE);
  }

  /**
   * Disconnects the socket from its namespace ({@code "server namespace disconnect"}); {@code close} closes the
   * whole connection, disconnecting its other namespaces too. What was sent to the socket before this call (an
   * acknowledgement included) still reaches the client, before the DISCONNECT and the close.
   */
  public Socket disconnect(boolean close) {
    LoopCalls.run(loop(), () -> {
      if (!connected) return;
      if (close) {
        client.disconnectAll();
      } else {
        send(new Packet(PacketType.DISCONNECT, nsp.name(), null, null));
        onClose(DisconnectReason.SERVER_NAMESPACE_DISCONNECT, null);
      }
    });
    return this;
  }

  public Socket disconnect() {
    return disconnect(false);
  }

  // ---- the machinery ----

  private boolean emit(String event, Object[] args, BroadcastFlags flags) {
    if (RESERVED_EVENTS.contains(event)) throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
    int count = args.length;
    AckCallback callback = null;
    if (count > 0 && args[count - 1] instanceof AckCallback cb) {
      callback = cb;
      count--;
    }
    ArrayNode data = JsonValues.eventData(event, args, count);
    Long ackId = null;
    if (callback != null) {
      ackId = nsp.nextAckId();
      AckCallback cb = callback;
      awaitedAcks().put(ackId, reply -> queue.run(() -> cb.onAck(Args.of(reply, 0))));
    }
    emitPacket(new Packet(PacketType.EVENT, nsp.name(), data, ackId), flags);
    return true;
  }

  private CompletableFuture<Args> withAck(String event, Object[] args, Duration timeout) {
    if (RESERVED_EVENTS.contains(event)) throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
    CompletableFuture<Args> result = new CompletableFuture<>();
    long ackId = nsp.nextAckId();
    awaitedAcks().put(ackId, reply -> queue.run(() -> result.complete(Args.of(reply, 0))));
    if (timeout != null) {
      loop().schedule(() -> {
        if (removeAck(ackId) != null) {
          nsp.server().metrics().ackTimedOut();
          queue.run(() -> result.completeExceptionally(new AckTimeoutException(List.of())));
        }
      }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
    emitPacket(new Packet(PacketType.EVENT, nsp.name(), JsonValues.eventData(event, args, args.length), ackId),
        BroadcastFlags.NONE);
    return result;
  }

  private void emitPacket(Packet packet, BroadcastFlags flags) {
    if (nsp.server().options().connectionStateRecovery() != null) {
      // through the adapter, which keeps it (with an offset) for the client's recovery and tells the
      // outgoing listeners, as Node does
      nsp.adapter().broadcast(packet, new BroadcastOptions(Set.of(id), Set.of(), flags));
      return;
    }
    notifyOutgoing(packet);
    if (flags.isVolatile()) {
      List<EncodedPacket> encoded = nsp.server().options().parser().encode(packet);
      nsp.server().metrics().packetOut(encoded);
      client.inBroadcastOrder(() -> client.conn().sendVolatile(encoded));
    } else {
      send(packet);
    }
  }

  private void notifyOutgoing(Packet packet) {
    listeners.notifyOutgoing(packet);
  }

  /** Encodes {@code packet} and writes it to the connection. Any thread. */
  void send(Packet packet) {
    List<EncodedPacket> encoded = nsp.server().options().parser().encode(packet);
    nsp.server().metrics().packetOut(encoded);
    client.inBroadcastOrder(() -> client.conn().send(encoded));
  }

  EventLoop loop() {
    return client.conn().loop();
  }


  LocalSocket handle() {
    return handle;
  }

  /** Connected: into its own room (and a recovered session's rooms), CONNECT sent, missed packets after it. On the loop. */
  void onConnect() {
    connected = true;
    listeners.connected();
    Set<String> rooms = new LinkedHashSet<>();
    rooms.add(id);
    rooms.addAll(restoredRooms);
    nsp.adapter().addAll(id, rooms);
    ObjectNode answer = JsonNodeFactory.instance.objectNode().put("sid", id);
    if (pid != null) answer.put("pid", pid);
    send(new Packet(PacketType.CONNECT, nsp.name(), answer, null));
    for (ArrayNode missed : missedPackets) send(new Packet(PacketType.EVENT, nsp.name(), missed, null));
  }

  /** Refused by a middleware: CONNECT_ERROR. On the loop. */
  void onRefused(Exception error) {
    nsp.adapter().delAll(id); // rooms a middleware joined
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("message", error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
    if (error instanceof ConnectError ce && ce.data() != null) body.set("data", JsonValues.toNode(ce.data()));
    send(new Packet(PacketType.CONNECT_ERROR, nsp.name(), body, null));
  }

  /** A packet of this socket's namespace arrived. On the loop. */
  void onPacket(Packet packet) {
    switch (packet.type()) {
      case EVENT -> onEvent(packet);
      case ACK -> onAck(packet);
      case DISCONNECT -> onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, null);
      default -> client.close(); // CONNECT and CONNECT_ERROR never get here; nothing else exists
    }
  }

  private void onEvent(Packet packet) {
    if (!(packet.data() instanceof ArrayNode data) || data.isEmpty()) {
      // socket.io-parser lets "2" through with no data; Node then emits nothing
      nsp.server().metrics().dropped("event without name");
      return;
    }
    String event = data.get(0).asText();
    Args args = Args.of(data, 1);
    Ack ack = packet.id() == null ? NO_ACK : new ClientAck(packet.id());
    listeners.incoming(event, args, ack, NO_ACK, () -> connected);
  }

  private void onAck(Packet packet) {
    if (packet.id() == null) {
      // "3[]": Node looks up acks[undefined], finds nothing and drops it.
      nsp.server().metrics().dropped("ack without id");
      return;
    }
    Consumer<ArrayNode> callback = removeAck(packet.id());
    if (callback == null) {
      nsp.server().metrics().dropped("unknown ack");
      log.debug("socket {}: unknown ack id {}", id, packet.id());
      return;
    }
    // an ACK without data ("3/nsp,1") calls the callback with no arguments, as Node's apply(undefined)
    callback.accept(packet.data() instanceof ArrayNode args ? args : JsonNodeFactory.instance.arrayNode());
  }

  /**
   * Disconnected for {@code reason}: out of its rooms (kept for recovery when the reason allows), out of
   * its namespace and connection, then {@code "disconnecting"} and {@code "disconnect"}. On the loop; once.
   */
  void onClose(String reason, String description) {
    if (!connected) return;
    connected = false;
    Set<String> rooms = nsp.adapter().socketRooms(id);
    roomsAtDisconnect = rooms == null ? Set.of() : rooms;
    if (pid != null && RECOVERABLE.contains(reason)) {
      nsp.adapter().persistSession(new Sessions.Persisted(id, pid, roomsAtDisconnect, data));
    }
    nsp.adapter().delAll(id);
    nsp.remove(this);
    client.remove(this);
    Map<Long, Consumer<ArrayNode>> awaited = acks;
    if (awaited != null) awaited.clear();
    listeners.disconnected();
    Args args = description == null ? Args.of(reason) : Args.of(reason, description);
    queue.run(() -> {
      listeners.dispatch("disconnecting", args, NO_ACK);
      listeners.dispatch("disconnect", args, NO_ACK);
    });
  }

  @Override
  public String toString() {
    return "Socket[" + id + " " + nsp.name() + "]";
  }

  /** The acknowledgement of one client event: the first {@link #send} only. */
  private final class ClientAck implements Ack {
    private final long ackId;
    private final AtomicBoolean sent = new AtomicBoolean();

    ClientAck(long ackId) {
      this.ackId = ackId;
    }

    @Override
    public void send(Object... args) {
      if (!sent.compareAndSet(false, true)) return;
      Socket.this.send(Packet.ack(nsp.name(), JsonValues.array(args), ackId));
    }

    @Override
    public boolean requested() {
      return true;
    }
  }

  /** This socket as its namespace's adapter sees it. */
  private final class Handle implements LocalSocket {
    @Override
    public String id() {
      return id;
    }

    @Override
    public EventLoop loop() {
      return Socket.this.loop();
    }

    @Override
    public Recipient recipient() {
      return client.conn().recipient();
    }

    @Override
    public void write(List<EncodedPacket> messages) {
      nsp.server().metrics().packetOut(messages);
      client.inBroadcastOrder(() -> client.conn().send(messages));
    }

    @Override
    public void writeVolatile(List<EncodedPacket> messages) {
      nsp.server().metrics().packetOut(messages);
      client.inBroadcastOrder(() -> client.conn().sendVolatile(messages));
    }

    @Override
    public void notifyOutgoing(Packet packet) {
      Socket.this.notifyOutgoing(packet);
    }

    @Override
    public void expectAck(long ackId, Consumer<ArrayNode> onAck) {
      awaitedAcks().put(ackId, reply -> queue.run(() -> onAck.accept(reply)));
    }

    @Override
    public void join(Set<String> rooms) {
      Socket.this.join(rooms);
    }

    @Override
    public void leave(String room) {
      Socket.this.leave(room);
    }

    @Override
    public void disconnect(boolean close) {
      Socket.this.disconnect(close);
    }

    @Override
    public SocketDetails details() {
      return new SocketDetails(id, handshake.toJson(), rooms(), data);
    }
  }
}
