package io.tidings.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tidings.admin.auth.AdminAuth;
import io.tidings.admin.cluster.AdminRelay;
import io.tidings.admin.model.AdminFeature;
import io.tidings.admin.model.AdminListener;
import io.tidings.admin.model.AdminSocket;
import io.tidings.admin.model.InstrumentedServer;
import io.tidings.socketio.Middleware;
import io.tidings.socketio.Namespace;
import io.tidings.socketio.Socket;
import io.tidings.socketio.SocketIoServer;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin namespace of {@code @socket.io/admin-ui} 0.5.1 ({@code instrument(io, options)}) on a Tidings
 * Socket.IO server, showing an {@link InstrumentedServer}: a Socket.IO server of its own, or the Pusher
 * server. On each admin connection: authentication (middleware), then {@code config} (the supported
 * features), {@code all_sockets} (development mode), and the action handlers ({@code emit}, {@code join},
 * {@code leave}, {@code _disconnect}) unless read-only. Every two seconds {@code server_stats}; in
 * development mode the live events ({@link AdminEvents}).
 *
 * <p><b>The cluster.</b> Everything is emitted through the {@link AdminRelay} ({@link AdminOptions#relay()}):
 * the admin namespace's adapter by default, as Node's admin-ui does, or a Tidings bus. So each admin client
 * hears every node's stats and events; {@code all_sockets} is this node's sockets plus each other node's,
 * asked through the relay; an action is applied here and sent to the other nodes, each applying it to its
 * own sockets. A session id given here is announced too, so the UI may reconnect to any node.
 *
 * <p><b>Threads:</b> bcrypt runs on one {@code tidings-admin-auth} thread (a bounded queue; a login past it is
 * refused), the stats on one {@code tidings-admin-stats} thread; handlers on the Socket.IO server's. Thread-safe.
 */
public final class AdminNamespace implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AdminNamespace.class);

  /** Logins waiting for bcrypt; more at once are refused. */
  static final int MAX_PENDING_LOGINS = 64;

  private final Namespace nsp;
  private final InstrumentedServer server;
  private final AdminOptions options;
  private final Set<AdminFeature> features;
  private final ServerStats stats;
  private final ThreadPoolExecutor authThread;
  private final ScheduledExecutorService statsThread;
  private final AdminRelay relay;
  /** Session ids given at login, sent once the socket is connected (socket id → session id). */
  private final Map<String, String> newSessions = new ConcurrentHashMap<>();
  /** Stats intervals an announcement of a watcher elsewhere keeps this node streaming. */
  static final int WATCH_TICKS = 3;
  private final AdminEvents events;
  private final AdminActions actions;
  private volatile long lastWatchedNanos = System.nanoTime() - Long.MAX_VALUE / 2;
  private boolean streaming;

  private AdminNamespace(SocketIoServer io, InstrumentedServer server, AdminOptions options) {
    this.nsp = io.of(options.namespaceName());
    this.server = server;
    this.options = options;
    this.features = features(server, options);
    this.stats = new ServerStats(server, options.serverId());
    this.authThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_PENDING_LOGINS),
        daemon("tidings-admin-auth"));
    this.statsThread = Executors.newSingleThreadScheduledExecutor(daemon("tidings-admin-stats"));
    this.relay = options.relay().create(nsp);
    this.events = new AdminEvents(relay);
    this.actions = new AdminActions(server, features, relay);
  }

  /**
   * Opens the admin namespace on {@code io} showing {@code server}. {@code io} may be the instrumented
   * Socket.IO server itself or one that serves only the admin namespace (the Pusher server's).
   */
  public static AdminNamespace instrument(SocketIoServer io, InstrumentedServer server, AdminOptions options) {
    AdminNamespace a = new AdminNamespace(io, server, options);
    a.start();
    return a;
  }

  /**
   * Instruments the Socket.IO server {@code io} itself (Node's {@code instrument(io, options)}): the admin
   * namespace on {@code io}, showing {@code io}'s namespaces. Call it once {@code io} is attached or listening;
   * build {@code io} with {@link io.tidings.admin.socketio.RoomWatchingAdapter#around} to stream room changes.
   */
  public static AdminNamespace instrument(SocketIoServer io, AdminOptions options) {
    return instrument(io, new io.tidings.admin.socketio.SocketIoInstrumented(io, options.namespaceName()), options);
  }

  /** The features {@code config} announces, in Node's order. */
  static Set<AdminFeature> features(InstrumentedServer server, AdminOptions options) {
    Set<AdminFeature> f = EnumSet.noneOf(AdminFeature.class);
    if (!options.readonly()) f.addAll(server.actions());
    f.add(AdminFeature.AGGREGATED_EVENTS);
    if (options.development()) f.add(AdminFeature.ALL_EVENTS);
    return f;
  }

  private void start() {
    nsp.use(this::authenticate);
    nsp.on("connection", this::connected);
    relay.start(new AdminRelay.Node() {
      @Override
      public java.util.concurrent.CompletableFuture<ArrayNode> sockets() {
        return server.sockets().toCompletableFuture().thenApply(AdminNamespace::json);
      }

      @Override
      public void apply(JsonNode action) {
        actions.apply(action);
      }

      @Override
      public void emitLocally(String event, List<JsonNode> args) {
        nsp.local().emit(event, args.toArray());
      }

      @Override
      public void othersWatching() {
        watched(true);
      }

      @Override
      public void sessionIssued(String sessionId) {
        options.auth().acceptSession(sessionId);
      }
    });
    long every = options.statsInterval().toMillis();
    statsThread.scheduleAtFixedRate(this::emitStats, 0, every, TimeUnit.MILLISECONDS);
  }

  /** The admin namespace. */
  public Namespace namespace() {
    return nsp;
  }

  // ---- authentication ----

  private void authenticate(Socket socket, Middleware.Next next) {
    AdminAuth auth = options.auth();
    if (!auth.enabled()) {
      next.proceed();
      return;
    }
    JsonNode given = socket.handshake().auth();
    String sessionId = text(given, "sessionId");
    String user = text(given, "username");
    String password = text(given, "password");
    try {
      authThread.execute(() -> {
        if (auth.check(sessionId, user, password) instanceof AdminAuth.Accepted accepted) {
          if (accepted.newSessionId() != null) {
            newSessions.put(socket.id(), accepted.newSessionId());
            relay.announceSession(accepted.newSessionId());
          }
          next.proceed();
        } else {
          log.debug("admin login refused for {}", socket.handshake().address());
          next.fail(new Exception(AdminAuth.INVALID_CREDENTIALS));
        }
      });
    } catch (RejectedExecutionException e) {
      next.fail(new Exception("too many logins at once, try again"));
    }
  }

  // ---- an admin client ----

  private void connected(Socket socket) {
    // Before all_sockets: the other nodes stream from the moment they answer it.
    watched(true);
    relay.announceWatching();
    String session = newSessions.remove(socket.id());
    if (session != null) socket.emit("session", session);
    if (!options.readonly()) actions.handle(socket);
    socket.emit("config", Map.of("supportedFeatures", features.stream().map(Enum::name).toList()));
    if (options.development()) {
      allSockets().whenComplete((list, e) -> socket.emit("all_sockets", e == null ? list : List.of()));
    }
  }

  // ---- the cluster's sockets ----

  /** This node's sockets and every other node's, as one JSON array. */
  private java.util.concurrent.CompletableFuture<ArrayNode> allSockets() {
    java.util.concurrent.CompletableFuture<ArrayNode> local = server.sockets().toCompletableFuture().thenApply(AdminNamespace::json);
    java.util.concurrent.CompletableFuture<List<JsonNode>> remote = relay.otherSockets(options.clusterTimeout())
        .exceptionally(e -> {
          log.warn("not every server answered with its sockets within {}: {}", options.clusterTimeout(), e.toString());
          return List.of();
        });
    return local.thenCombine(remote, (mine, theirs) -> {
      for (JsonNode answer : theirs) if (answer.isArray()) mine.addAll((ArrayNode) answer);
      return mine;
    });
  }

  private static ArrayNode json(List<AdminSocket> sockets) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (AdminSocket s : sockets) out.add(MAPPER.valueToTree(s.toJson()));
    return out;
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

  // ---- stats ----

  /**
   * Development mode streams only while someone watches: an admin client on this node, or one on another
   * node that said so within the last {@link #WATCH_TICKS} stats intervals. Unwatched, the server is told
   * nothing (a Pusher node then does no per-event work for the UI).
   */
  private void watched(boolean now) {
    if (!options.development()) return;
    if (now) lastWatchedNanos = System.nanoTime();
    boolean on = now || System.nanoTime() - lastWatchedNanos < WATCH_TICKS * options.statsInterval().toNanos();
    synchronized (this) {
      if (on == streaming) return;
      streaming = on;
      server.listen(on ? events : AdminListener.NONE);
    }
  }

  /** True while the live events are streamed (someone watches). */
  public boolean streaming() {
    return streaming;
  }

  private void emitStats() {
    boolean local = !nsp.sockets().isEmpty();
    if (local) relay.announceWatching();
    watched(local);
    try {
      relay.emit("server_stats", stats.next());
    } catch (RuntimeException e) {
      log.warn("server_stats could not be sent", e);
    }
  }

  /** Malformed admin actions ignored so far (from this node's admin clients or from other nodes). */
  public long ignoredActions() {
    return actions.ignored();
  }

  /** Stops the stats, the live events and the login thread; the namespace itself stays with its server. */
  @Override
  public void close() {
    statsThread.shutdownNow();
    authThread.shutdownNow();
    server.listen(AdminListener.NONE);
    relay.close();
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || !v.isTextual() ? null : v.asText();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
