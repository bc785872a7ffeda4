package io.tidings.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidings.socketio.adapter.Adapter;
import io.tidings.socketio.adapter.AdapterFactory;
import io.tidings.socketio.adapter.InMemoryAdapter;
import io.tidings.socketio.clientdist.ClientDist;
import io.tidings.socketio.engine.AllowRequest;
import io.tidings.socketio.engine.EngineListener;
import io.tidings.socketio.engine.EngineOptions;
import io.tidings.socketio.engine.EngineServer;
import io.tidings.socketio.engine.EngineSocket;
import io.tidings.socketio.engine.EngineTransport;
import io.tidings.socketio.parser.DefaultParser;
import io.tidings.socketio.parser.Parser;
import io.tidings.transport.Routes;
import io.tidings.transport.TransportOptions;
import io.tidings.transport.TransportServer;
import io.tidings.transport.http.CorsPolicy;
import io.tidings.transport.loop.EventLoops;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Socket.IO v4 server (Node's {@code Server}): namespaces, their sockets, rooms and broadcasts, over the
 * Tidings Engine.IO engine.
 *
 * <pre>
 *   SocketIoServer io = SocketIoServer.newBuilder().pingInterval(Duration.ofSeconds(25)).build();
 *   io.on("connection", socket -&gt; {
 *     socket.on("chat", (args, ack) -&gt; {
 *       io.to("lobby").emit("chat", args.getString(0));
 *       ack.send("ok");
 *     });
 *   });
 *   io.listen(3000);            // or io.attach(transport, routes) to share a TransportServer
 * </pre>
 *
 * <p>The calls on the server itself ({@link #on}, {@link #use}, {@link #to}, {@link #emit}, …) are those of
 * the main namespace {@code "/"}, as in Node.
 *
 * <p><b>Threading:</b> thread-safe. {@link #attach} or {@link #listen} once; namespaces and handlers may be
 * added before or after; {@link #close} from any thread.
 */
public final class SocketIoServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SocketIoServer.class);

  private final SocketIoOptions options;
  private final SocketIoMetrics metrics;
  private final ConcurrentHashMap<String, Namespace> namespaces = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<ParentNamespace> parents = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<Consumer<Namespace>> namespaceListeners = new CopyOnWriteArrayList<>();
  private final Namespace main;
  private EventLoops loops;
  private EngineServer engine;
  private TransportServer ownTransport;
  private CompletableFuture<Void> shutdown;

  private SocketIoServer(SocketIoOptions options) {
    this.options = options;
    this.metrics = new SocketIoMetrics(options.meterRegistry());
    this.main = of("/");
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  public SocketIoOptions options() {
    return options;
  }

  /** The transport's loops; set once the server listens or is attached, before any connection exists. */
  EventLoops loops() {
    return loops;
  }

  public SocketIoMetrics metrics() {
    return metrics;
  }

  // ---- namespaces ----

  /** The namespace {@code name} (a leading {@code /} is added when missing), made on first use. */
  public synchronized Namespace of(String name) {
    String n = name.startsWith("/") ? name : "/" + name;
    Namespace nsp = namespaces.get(n);
    if (nsp == null) {
      nsp = new Namespace(this, n);
      namespaces.put(n, nsp);
      if (loops != null) nsp.start(loops);
      for (Consumer<Namespace> l : namespaceListeners) l.accept(nsp);
    }
    return nsp;
  }

  /** This server's namespaces now, {@code "/"} included (Node's {@code io._nsps}). */
  public List<Namespace> namespaces() {
    return List.copyOf(namespaces.values());
  }

  /**
   * Calls {@code listener} with each namespace made from now on, dynamic ones included (Node's
   * {@code io.on("new_namespace")}), on the thread that makes it, before any socket connects to it.
   */
  public SocketIoServer onNewNamespace(Consumer<Namespace> listener) {
    namespaceListeners.add(listener);
    return this;
  }

  /**
   * Dynamic namespaces whose names match {@code pattern} (Node's {@code io.of(/regex/)}): each is made when a
   * client first connects to it, and gets the parent's middlewares and connection handlers.
   */
  public ParentNamespace of(Pattern pattern) {
    return of((name, auth) -> pattern.matcher(name).matches());
  }

  /** Dynamic namespaces whose names {@code accepts} accepts, given the CONNECT's auth (Node's function form). */
  public ParentNamespace of(BiPredicate<String, JsonNode> accepts) {
    ParentNamespace parent = new ParentNamespace(this, accepts);
    parents.add(parent);
    return parent;
  }

  /** The namespace for a CONNECT to {@code name}: existing, made by a parent that accepts it, or null. */
  void namespaceFor(String name, JsonNode auth, Consumer<Namespace> then) {
    Namespace nsp = namespaces.get(name);
    then.accept(nsp != null ? nsp : dynamicNamespace(name, auth));
  }

  /**
   * The child namespace {@code name} of the first parent that accepts it, made and adopted (given the parent's
   * middlewares and handlers) in one step under the server's lock, so that no client can reach a child before
   * its parent's middlewares guard it; null when no parent accepts.
   */
  private synchronized Namespace dynamicNamespace(String name, JsonNode auth) {
    Namespace existing = namespaces.get(name);
    if (existing != null) return existing;
    for (ParentNamespace parent : parents) {
      if (parent.accepts(name, auth)) {
        Namespace child = new Namespace(this, name);
        parent.adopt(child);
        namespaces.put(name, child);
        if (loops != null) child.start(loops);
        for (Consumer<Namespace> l : namespaceListeners) l.accept(child);
        return child;
      }
    }
    return null;
  }

  /** The main namespace, {@code "/"} (Node's {@code io.sockets}). */
  public Namespace sockets() {
    return main;
  }

  // ---- the main namespace's calls ----

  public SocketIoServer on(String event, Consumer<Socket> handler) {
    main.on(event, handler);
    return this;
  }

  public SocketIoServer on(String event, EventHandler serverSideHandler) {
    main.on(event, serverSideHandler);
    return this;
  }

  public SocketIoServer use(Middleware middleware) {
    main.use(middleware);
    return this;
  }

  public BroadcastOperator to(String... rooms) {
    return main.to(rooms);
  }

  public BroadcastOperator in(String... rooms) {
    return main.in(rooms);
  }

  public BroadcastOperator except(String... rooms) {
    return main.except(rooms);
  }

  public BroadcastOperator local() {
    return main.local();
  }

  public BroadcastOperator asVolatile() {
    return main.asVolatile();
  }

  public BroadcastOperator compress(boolean compress) {
    return main.compress(compress);
  }

  public BroadcastOperator timeout(Duration timeout) {
    return main.timeout(timeout);
  }

  public boolean emit(String event, Object... args) {
    return main.emit(event, args);
  }

  public CompletableFuture<List<JsonNode>> emitWithAck(String event, Object... args) {
    return main.emitWithAck(event, args);
  }

  public CompletableFuture<List<RemoteSocket>> fetchSockets() {
    return main.fetchSockets();
  }

  public void socketsJoin(String... rooms) {
    main.socketsJoin(rooms);
  }

  public void socketsLeave(String... rooms) {
    main.socketsLeave(rooms);
  }

  public void disconnectSockets(boolean close) {
    main.disconnectSockets(close);
  }

  public void serverSideEmit(String event, Object... args) {
    main.serverSideEmit(event, args);
  }

  public CompletableFuture<List<JsonNode>> serverSideEmitWithAck(String event, Duration timeout, Object... args) {
    return main.serverSideEmitWithAck(event, timeout, args);
  }

  // ---- running ----

  /**
   * Serves Socket.IO at {@link EngineOptions#path()} of an existing transport: mounts the engine's routes on
   * {@code routes} (and the browser client's files, with {@code serveClient}), to be bound by the caller
   * ({@code transport.bind(routes.build(), ssl)}). The transport is the caller's to close, after {@link #close()}.
   */
  public synchronized void attach(TransportServer transport, Routes.Builder routes) {
    if (engine != null) throw new IllegalStateException("already attached");
    loops = transport.loops();
    engine = new EngineServer(options.engine(), loops, new EngineListener() {
      @Override
      public void onConnection(EngineSocket socket) {
        socket.setListener(new Client(SocketIoServer.this, socket));
      }

      @Override
      public void onRefused(String reason) {
        metrics.refused(reason);
      }

      @Override
      public void onSlowConsumer(EngineSocket socket) {
        metrics.dropped("slow consumer");
      }
    });
    engine.mount(routes);
    if (options.serveClient()) ClientDist.load().mount(routes, options.engine().path());
    for (Namespace nsp : namespaces.values()) nsp.start(loops);
  }

  /** Runs alone: a transport of its own on {@code port} (0: any free port), all interfaces. Returns the port. */
  public int listen(int port) {
    return listen(TransportOptions.newBuilder().port(port)
        .maxRequestBodyBytes(Math.max(TransportOptions.DEFAULT_MAX_REQUEST_BODY_BYTES, options.engine().maxHttpBufferSize()))
        .build());
  }

  /** Runs alone on a transport made with {@code transportOptions}. Returns the port bound. */
  public synchronized int listen(TransportOptions transportOptions) {
    TransportServer transport = new TransportServer(transportOptions);
    Routes.Builder routes = Routes.newBuilder();
    attach(transport, routes);
    try {
      transport.bind(routes.build(), null);
    } catch (RuntimeException e) {
      transport.close();
      throw e;
    }
    ownTransport = transport;
    return transport.port();
  }

  /** The port of {@link #listen}. */
  public synchronized int port() {
    if (ownTransport == null) throw new IllegalStateException("not listening");
    return ownTransport.port();
  }

  /**
   * Closes every connection (their sockets disconnect with {@code "server shutting down"}), then the
   * adapters, then the transport of {@link #listen}. Completes when done. Any thread; idempotent.
   */
  public synchronized CompletableFuture<Void> shutdown() {
    if (shutdown == null) shutdown = closeOnce();
    return shutdown;
  }

  private CompletableFuture<Void> closeOnce() {
    CompletableFuture<Void> sessions = engine == null ? CompletableFuture.completedFuture(null) : engine.close();
    return sessions.thenCompose(v -> {
      List<CompletableFuture<Void>> closing = new ArrayList<>();
      for (Namespace nsp : namespaces.values()) {
        try {
          Adapter a = nsp.adapter();
          closing.add(a.close());
        } catch (IllegalStateException notStarted) {
          // never attached: no adapter
        }
      }
      return CompletableFuture.allOf(closing.toArray(new CompletableFuture[0]));
    }).handle((v, e) -> {
      if (e != null) log.warn("closing the adapters failed", e);
      return (Void) null;
    }).thenRunAsync(() -> {
      // not on an event loop: closing the transport waits for its loops to stop
      TransportServer own;
      synchronized (this) {
        own = ownTransport;
        ownTransport = null;
      }
      if (own != null) own.close();
    });
  }

  /** {@link #shutdown()}, waiting up to 10 s. */
  @Override
  public void close() {
    try {
      shutdown().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("closing the Socket.IO server did not finish cleanly", e);
    }
  }

  /** Builds a {@link SocketIoServer}; starts from Node's defaults. Not thread-safe. */
  public static final class Builder {
    private final EngineOptions.Builder engine = EngineOptions.newBuilder();
    private Duration connectTimeout = SocketIoOptions.DEFAULT_CONNECT_TIMEOUT;
    private Parser parser = new DefaultParser();
    private AdapterFactory adapter = InMemoryAdapter.FACTORY;
    private Executor handlerExecutor;
    private SocketIoOptions.Recovery recovery;
    private MeterRegistry meterRegistry;
    private boolean serveClient = true;

    private Builder() {}

    /** Where the server answers ({@code /socket.io/}). */
    public Builder path(String path) {
      engine.path(path);
      return this;
    }

    public Builder pingInterval(Duration interval) {
      engine.pingInterval(interval);
      return this;
    }

    public Builder pingTimeout(Duration timeout) {
      engine.pingTimeout(timeout);
      return this;
    }

    public Builder upgradeTimeout(Duration timeout) {
      engine.upgradeTimeout(timeout);
      return this;
    }

    /** The largest message a client may send, in bytes (Node's 1e6). */
    public Builder maxHttpBufferSize(int bytes) {
      engine.maxHttpBufferSize(bytes);
      return this;
    }

    public Builder transports(Set<EngineTransport> transports) {
      engine.transports(transports);
      return this;
    }

    public Builder allowUpgrades(boolean allow) {
      engine.allowUpgrades(allow);
      return this;
    }

    public Builder cors(CorsPolicy cors) {
      engine.cors(cors);
      return this;
    }

    public Builder allowRequest(AllowRequest allowRequest) {
      engine.allowRequest(allowRequest);
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** {@code new DefaultParser()} (the default) or {@code new MsgpackParser()}. */
    public Builder parser(Parser parser) {
      this.parser = parser;
      return this;
    }

    public Builder adapter(AdapterFactory adapter) {
      this.adapter = adapter;
      return this;
    }

    /**
     * Runs handlers, middlewares and acknowledgement callbacks on {@code executor} instead of the event loop,
     * still one at a time and in order per socket: for handlers that block.
     */
    public Builder handlerExecutor(Executor executor) {
      this.handlerExecutor = executor;
      return this;
    }

    /** Turns connection state recovery on. */
    public Builder connectionStateRecovery(Duration maxDisconnectionDuration, boolean skipMiddlewares) {
      this.recovery = new SocketIoOptions.Recovery(maxDisconnectionDuration, skipMiddlewares);
      return this;
    }

    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    /** Whether to serve the browser client at {@code <path>/socket.io.js} and its siblings (Node's default: true). */
    public Builder serveClient(boolean serve) {
      this.serveClient = serve;
      return this;
    }

    public SocketIoServer build() {
      return new SocketIoServer(new SocketIoOptions(engine.build(), connectTimeout, parser, adapter, handlerExecutor,
          recovery, meterRegistry != null ? meterRegistry : new SimpleMeterRegistry(), serveClient));
    }
  }
}
