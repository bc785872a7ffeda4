package io.tidings.server;

import io.tidings.bus.Bus;
import io.tidings.server.app.AppManager;
import io.tidings.server.app.ArrayAppManager;
import io.tidings.server.app.postgres.PostgresAppManager;
import io.tidings.admin.AdminNamespace;
import io.tidings.admin.AdminOptions;
import io.tidings.admin.auth.AdminAuth;
import io.tidings.admin.cluster.AdminRelay;
import io.tidings.admin.cluster.BusRelay;
import io.tidings.server.admin.PusherAdminModel;
import io.tidings.socketio.ConnectError;
import io.tidings.socketio.SocketIoServer;
import io.tidings.server.channels.ChannelCache;
import io.tidings.server.channels.ConnectionActivity;
import io.tidings.server.channels.LocalApps;
import io.tidings.server.cluster.BusFactory;
import io.tidings.server.cluster.ClusterSync;
import io.tidings.server.config.ServerConfig;
import io.tidings.server.metrics.PrometheusMetrics;
import io.tidings.server.metrics.ServerMetrics;
import io.tidings.server.net.MainPort;
import io.tidings.server.ops.MetricsServer;
import io.tidings.server.pusher.PusherProtocol;
import io.tidings.server.context.ServerContext;
import io.tidings.server.webhooks.WebhookSender;
import io.tidings.transport.loop.EventLoops;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Tidings node: wires the app manager, the bus, the cluster view, the Pusher protocol and the
 * network listeners, and stops them gracefully. {@link #start} returns when the ports are bound.
 *
 * <p>Thread-safe: {@link #stop} may be called from any thread, once or more.
 */
public final class TidingsServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TidingsServer.class);

  private final ServerConfig config;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private AppManager apps;
  private Bus bus;
  private ClusterSync cluster;
  private MainPort net;
  private PusherProtocol protocol;
  private ServerContext context;
  private PrometheusMetrics prometheus;
  private WebhookSender webhooks;
  private MetricsServer ops;
  /** This node in the Socket.IO Admin UI, or null when {@code SOKETI_ADMIN_UI_ENABLED} is off. */
  private PusherAdminModel adminModel;
  /** The Socket.IO server of the admin namespace, on the main port, and the namespace; null when off. */
  private SocketIoServer adminIo;
  private AdminNamespace admin;

  private TidingsServer(ServerConfig config, Bus bus) {
    this.config = config;
    this.bus = bus;
  }

  /**
   * Starts a node with {@code config}. Fails (and releases what it opened) if anything cannot start. With
   * {@code SOKETI_ADAPTER_DRIVER=postgres} it takes a lease on the process's bus for its settings
   * ({@link BusFactory#postgresConfig}), which a Socket.IO server in the same process may share.
   */
  public static TidingsServer start(ServerConfig config) {
    return start(config, null);
  }

  /**
   * Starts a node on {@code bus} instead of one of its own: the node owns it from now on and shuts it down
   * when it stops, so pass a lease ({@link io.tidings.bus.SharedBus#lease()}) to share one bus with other
   * parts of the process. The node counts as clustered when {@code SOKETI_ADAPTER_DRIVER} is
   * {@code postgres}, as with its own bus. Fails (and releases what it opened, {@code bus} included) if
   * anything cannot start.
   *
   * @param bus the bus to use, or null for the one {@code config} asks for
   */
  public static TidingsServer start(ServerConfig config, Bus bus) {
    TidingsServer s = new TidingsServer(config, bus);
    try {
      s.startUp();
      return s;
    } catch (RuntimeException e) {
      s.stopNow();
      throw e;
    }
  }

  private void startUp() {
    if (config.metrics().enabled()) prometheus = new PrometheusMetrics(config.metrics().prefix());
    ServerMetrics metrics = prometheus != null ? prometheus : ServerMetrics.NONE;
    if (config.adminUi().enabled()) {
      adminModel = new PusherAdminModel();
      metrics = adminModel.counting(metrics);
    }
    webhooks = new WebhookSender(config.webhooks(), metrics);
    apps = switch (config.appManager().driver()) {
      case ARRAY -> new ArrayAppManager(config.appManager().apps());
      case POSTGRES -> PostgresAppManager.start(config);
    };
    if (bus == null) bus = BusFactory.start(config);
    metrics.watchBus(bus.stats());
    cluster = new ClusterSync(bus, config.adapter().driver() == ServerConfig.AdapterDriver.POSTGRES, metrics);
    net = new MainPort(config);
    EventLoops loops = net.loops();
    LocalApps localApps = new LocalApps(loops, cluster.publisher(), metrics, config.channelCacheTtl(),
        adminModel != null ? adminModel : ConnectionActivity.NONE);
    if (adminModel != null) adminModel.bind(localApps);
    context = new ServerContext(config, apps, localApps, cluster, webhooks, metrics, loops, closing);
    protocol = new PusherProtocol(context);
    apps.onChange(protocol::appChanged);
    cluster.start(localApps, apps, webhooks, protocol.clusterListener());
    loops.get(0).scheduleAtFixedRate(() -> localApps.caches().forEach(ChannelCache::sweep), 1, 1, TimeUnit.MINUTES);
    if (adminModel != null) {
      adminIo = SocketIoServer.newBuilder().path(config.adminUi().socketIoPath()).build();
      // Only the admin namespace is served here: the main namespace every Socket.IO server has is refused.
      adminIo.use((socket, next) -> next.fail(new ConnectError("Invalid namespace")));
    }
    net.bind(context, protocol, adminIo);
    if (adminIo != null) {
      // The admin namespace's Socket.IO server has only the in-memory adapter: the nodes meet on the bus.
      admin = AdminNamespace.instrument(adminIo, adminModel, adminOptions(config.adminUi(), BusRelay.over(bus)));
      log.info("Admin UI at {} on port {} (Socket.IO path {}, namespace {}, user {}, {}{})", config.adminUi().path(),
          net.port(), config.adminUi().socketIoPath(), config.adminUi().namespace(), config.adminUi().username(),
          config.adminUi().development() ? "development" : "production", config.adminUi().readonly() ? ", read-only" : "");
    }
    if (prometheus != null) prometheus.bindPort(net.port());
    ops = MetricsServer.start(config, context::isClosing, prometheus);
  }

  /** The admin namespace's settings from {@code SOKETI_ADMIN_UI_*}: never without credentials. */
  static AdminOptions adminOptions(ServerConfig.AdminUi ui, AdminRelay.Factory relay) {
    return AdminOptions.newBuilder(AdminAuth.basic(ui.username(), ui.passwordHash()))
        .relay(relay)
        .namespaceName(ui.namespace())
        .readonly(ui.readonly())
        .development(ui.development())
        .serverId(ui.serverId())
        .build();
  }

  /** The main port (WebSocket and HTTP API) actually bound. */
  public int port() {
    return net.port();
  }

  /** The metrics server's port actually bound ({@code /}, {@code /ready}, {@code /usage}, {@code /metrics}). */
  public int metricsPort() {
    return ops.port();
  }

  /** This node as the admin UI shows it, or null when the admin UI is off (for tests and tools). */
  public PusherAdminModel adminModel() {
    return adminModel;
  }

  /** The shared services (for tests and tools). */
  public ServerContext context() {
    return context;
  }

  public ServerConfig config() {
    return config;
  }

  /**
   * Graceful stop, as Soketi: refuse new connections and subscriptions (4200), send every socket
   * {@code pusher:error} 4200 and close it (the evictions raise their {@code channel_vacated} and
   * {@code member_removed} webhooks), let {@code /ready} answer 503, wait the grace period while
   * webhooks keep leaving, then close the listeners, the bus, and give up what webhooks remain.
   */
  public void stop() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    log.info("Stopping: closing every connection with 4200, then waiting up to {} ms", config.shutdownGracePeriod().toMillis());
    if (protocol != null) protocol.closeAll();
    try {
      Thread.sleep(config.shutdownGracePeriod().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopNow();
    log.info("Stopped");
  }

  /** True once the node has fully stopped. */
  public boolean stopped() {
    return stopped.get();
  }

  @Override
  public void close() {
    stop();
  }

  private void stopNow() {
    if (!stopped.compareAndSet(false, true)) return;
    closing.set(true);
    if (admin != null) admin.close();
    if (adminIo != null) adminIo.close();
    if (net != null) net.close();
    if (cluster != null) cluster.stop();
    if (bus != null) {
      try {
        bus.shutdown().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("The bus did not shut down cleanly: {}", e.toString());
      }
    }
    // After the cluster view stopped: no webhook can be raised any more, what is left is counted.
    if (webhooks != null) webhooks.close();
    if (ops != null) ops.close();
    if (prometheus != null) prometheus.close();
    if (apps != null) apps.close();
  }
}
