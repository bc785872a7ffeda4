package io.tidings.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netty.channel.EventLoop;
import io.tidings.socketio.adapter.Adapter;
import io.tidings.socketio.adapter.BroadcastFlags;
import io.tidings.socketio.adapter.LocalSocket;
import io.tidings.socketio.adapter.NamespaceContext;
import io.tidings.socketio.adapter.Sessions;
import io.tidings.socketio.parser.Parser;
import io.tidings.transport.loop.EventLoops;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A namespace: a channel of its own on every connection ({@code "/"}, {@code "/chat"}), with its
 * middlewares, its connection handlers, its sockets and its {@link Adapter} (rooms, broadcasts, the
 * cluster). Node's {@code Namespace}; {@code io.of("/chat")} makes or finds one.
 *
 * <p><b>Threading:</b> thread-safe. Handlers and middlewares may be added at any time (they apply to the
 * connections that come after); broadcasts from any thread.
 */
public final class Namespace {

  private static final Logger log = LoggerFactory.getLogger(Namespace.class);

  private final SocketIoServer server;
  private final String name;
  private final ConcurrentHashMap<String, Socket> sockets = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Socket> preConnect = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Consumer<Socket>> connectionHandlers = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<Middleware> middlewares = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, CopyOnWriteArrayList<EventHandler>> serverSideHandlers = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  /** Sockets of this namespace with an onAnyOutgoing listener. */
  final java.util.concurrent.atomic.AtomicInteger outgoingWatchers = new java.util.concurrent.atomic.AtomicInteger();
  private final Context context = new Context();
  private volatile Adapter adapter;

  Namespace(SocketIoServer server, String name) {
    this.server = server;
    this.name = name;
  }

  /** Creates the adapter once the server has its event loops. */
  void start(EventLoops loops) {
    context.loops = loops;
    Adapter a = server.options().adapter().create(context);
    a.init();
    adapter = a;
  }

  public String name() {
    return name;
  }

  /** The server. */
  public SocketIoServer server() {
    return server;
  }

  /** The namespace's adapter; throws until the server is attached or listening. */
  public Adapter adapter() {
    Adapter a = adapter;
    if (a == null) throw new IllegalStateException("the server is not attached yet: call attach(...) or listen(...) first");
    return a;
  }

  /** This node's connected sockets by id (a live, read-only view). */
  public Map<String, Socket> sockets() {
    return Collections.unmodifiableMap(sockets);
  }

  /**
   * {@code "connection"} (or its alias {@code "connect"}): {@code handler} gets each socket that connects,
   * after the middlewares let it (Node's {@code nsp.on("connection", socket => …)}). Threading as
   * {@link EventHandler}: the socket's events wait until the connection handlers have returned.
   */
  public Namespace on(String event, Consumer<Socket> handler) {
    if (!event.equals("connection") && !event.equals("connect")) {
      throw new IllegalArgumentException("a namespace emits \"connection\" and \"connect\" only, not \"" + event + "\"; "
          + "server-side events are on(event, (args, ack) -> …)");
    }
    connectionHandlers.add(handler);
    return this;
  }

  /**
   * Handles a {@code serverSideEmit} of another server ({@code nsp.on("event", (...args) => …)} in Node).
   * The ack, when requested, sends its first argument back. Called on the thread that received it.
   */
  public Namespace on(String event, EventHandler handler) {
    serverSideHandlers.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(handler);
    return this;
  }

  /** Adds a middleware run before each connection (Node's {@code nsp.use}). */
  public Namespace use(Middleware middleware) {
    middlewares.add(middleware);
    return this;
  }

  // ---- broadcasting ----

  public BroadcastOperator to(String... rooms) {
    return operator().to(rooms);
  }

  public BroadcastOperator in(String... rooms) {
    return to(rooms);
  }

  public BroadcastOperator except(String... rooms) {
    return operator().except(rooms);
  }

  public BroadcastOperator local() {
    return operator().local();
  }

  public BroadcastOperator asVolatile() {
    return operator().asVolatile();
  }

  public BroadcastOperator compress(boolean compress) {
    return operator().compress(compress);
  }

  public BroadcastOperator timeout(Duration timeout) {
    return operator().timeout(timeout);
  }

  /** Emits to every socket of the namespace (Node's {@code nsp.emit}). */
  public boolean emit(String event, Object... args) {
    return operator().emit(event, args);
  }

  public CompletableFuture<List<JsonNode>> emitWithAck(String event, Object... args) {
    return operator().emitWithAck(event, args);
  }

  public CompletableFuture<List<RemoteSocket>> fetchSockets() {
    return operator().fetchSockets();
  }

  public void socketsJoin(String... rooms) {
    operator().socketsJoin(rooms);
  }

  public void socketsLeave(String... rooms) {
    operator().socketsLeave(rooms);
  }

  public void disconnectSockets(boolean close) {
    operator().disconnectSockets(close);
  }

  /** Emits to the other servers of the cluster (Node's {@code serverSideEmit}); on one node, to nobody. */
  public void serverSideEmit(String event, Object... args) {
    adapter().serverSideEmit(JsonValues.eventData(event, args, args.length));
  }

  /** Like {@link #serverSideEmit}, with the first argument of each other server's acknowledgement. */
  public CompletableFuture<List<JsonNode>> serverSideEmitWithAck(String event, Duration timeout, Object... args) {
    return adapter().serverSideEmitWithAck(JsonValues.eventData(event, args, args.length), timeout);
  }

  private BroadcastOperator operator() {
    return new BroadcastOperator(this, Set.of(), Set.of(), BroadcastFlags.NONE);
  }

  // ---- connecting ----

  long nextAckId() {
    return ids.getAndIncrement();
  }

  /** A CONNECT for this namespace arrived on {@code client}: recover, run the middlewares, connect. On the client's loop. */
  void add(Client client, JsonNode auth) {
    SocketIoOptions.Recovery recovery = server.options().connectionStateRecovery();
    JsonNode pid = auth.get("pid");
    JsonNode offset = auth.get("offset");
    CompletableFuture<Sessions.Restored> restore = recovery != null && pid != null && pid.isTextual()
        && offset != null && offset.isTextual()
        ? adapter().restoreSession(pid.asText(), offset.asText())
        : CompletableFuture.completedFuture(null);
    EventLoop loop = client.conn().loop();
    restore.whenComplete((session, error) -> {
      if (error != null) log.debug("restoring session {} failed", pid, error);
      Sessions.Restored s = error == null ? session : null;
      if (loop.inEventLoop()) created(client, auth, s); else loop.execute(() -> created(client, auth, s));
    });
  }

  private void created(Client client, JsonNode auth, Sessions.Restored session) {
    if (!client.isOpen()) return;
    Socket socket = new Socket(this, client, auth, session);
    SocketIoOptions.Recovery recovery = server.options().connectionStateRecovery();
    if (recovery != null && recovery.skipMiddlewares() && socket.recovered()) {
      doConnect(client, socket);
      return;
    }
    preConnect.put(socket.id(), socket);
    socket.queue.run(() -> runMiddlewares(0, client, socket));
  }

  private void runMiddlewares(int index, Client client, Socket socket) {
    if (index == middlewares.size()) {
      afterMiddlewares(client, socket, null);
      return;
    }
    Middleware m = middlewares.get(index);
    AtomicBoolean called = new AtomicBoolean();
    AtomicBoolean returned = new AtomicBoolean();
    Thread caller = Thread.currentThread();
    try {
      m.handle(socket, new Middleware.Next() {
        @Override
        public void proceed() {
          if (!called.compareAndSet(false, true)) return;
          // the next middleware runs where middlewares run, even when this one answered from its own thread
          if (!returned.get() && Thread.currentThread() == caller) {
            runMiddlewares(index + 1, client, socket);
          } else {
            socket.queue.run(() -> runMiddlewares(index + 1, client, socket));
          }
        }

        @Override
        public void fail(Exception error) {
          if (called.compareAndSet(false, true)) afterMiddlewares(client, socket, error);
        }
      });
    } catch (RuntimeException e) {
      log.warn("a middleware of {} threw; refusing the connection", name, e);
      if (called.compareAndSet(false, true)) afterMiddlewares(client, socket, e);
    } finally {
      returned.set(true);
    }
  }

  private void afterMiddlewares(Client client, Socket socket, Exception error) {
    LoopCalls.run(client.conn().loop(), () -> {
      preConnect.remove(socket.id());
      if (!client.isOpen()) {
        adapter().delAll(socket.id());
        return;
      }
      if (error != null) {
        server.metrics().connectError("middleware");
        socket.onRefused(error);
        return;
      }
      doConnect(client, socket);
    });
  }

  /** On the client's loop. */
  private void doConnect(Client client, Socket socket) {
    sockets.put(socket.id(), socket);
    socket.onConnect();
    client.connected(socket);
    socket.queue.runLater(() -> {
      for (Consumer<Socket> h : connectionHandlers) {
        try {
          h.accept(socket);
        } catch (RuntimeException e) {
          log.warn("a connection handler of {} threw", name, e);
        }
      }
    });
  }

  /** {@code socket} disconnected. */
  void remove(Socket socket) {
    sockets.remove(socket.id(), socket);
  }

  @Override
  public String toString() {
    return "Namespace[" + name + "]";
  }

  /** What the adapter sees of this namespace. */
  private final class Context implements NamespaceContext {
    volatile EventLoops loops;

    @Override
    public String name() {
      return name;
    }

    @Override
    public EventLoops loops() {
      return loops;
    }

    @Override
    public Parser parser() {
      return server.options().parser();
    }

    @Override
    public long nextAckId() {
      return Namespace.this.nextAckId();
    }

    @Override
    public LocalSocket socket(String id) {
      Socket s = sockets.get(id);
      if (s == null) s = preConnect.get(id);
      return s == null ? null : s.handle();
    }

    @Override
    public io.tidings.transport.fanout.DeliveryListener deliveries() {
      return server.metrics()::delivered;
    }

    @Override
    public boolean watchesOutgoing() {
      return outgoingWatchers.get() > 0;
    }

    @Override
    public Duration maxDisconnectionDuration() {
      SocketIoOptions.Recovery r = server.options().connectionStateRecovery();
      return r == null ? null : r.maxDisconnectionDuration();
    }

    @Override
    public void onServerSideEmit(ArrayNode args, Consumer<JsonNode> reply) {
      String event = args.get(0).asText();
      List<EventHandler> list = serverSideHandlers.get(event);
      if (list == null) return;
      Ack ack = new Ack() {
        private final AtomicBoolean sent = new AtomicBoolean();

        @Override
        public void send(Object... values) {
          if (reply != null && sent.compareAndSet(false, true)) {
            reply.accept(values.length == 0 ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                : JsonValues.toNode(values[0]));
          }
        }

        @Override
        public boolean requested() {
          return reply != null;
        }
      };
      Args a = Args.of(args, 1);
      for (EventHandler h : list) {
        try {
          h.handle(a, ack);
        } catch (RuntimeException e) {
          log.warn("a server-side handler of {} threw", name, e);
        }
      }
    }
  }
}
