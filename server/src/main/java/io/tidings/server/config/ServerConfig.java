package io.tidings.server.config;

import io.tidings.server.app.App;
import io.tidings.server.app.AppDefaults;
import java.time.Duration;
import java.util.List;

/**
 * Everything the server needs to start, validated and immutable. Built by {@link ConfigLoader} from
 * Soketi's variables (and optionally its JSON config file); see {@code docs/CONFIGURATION.md}.
 *
 * @param host                      {@code SOKETI_HOST}
 * @param port                      {@code SOKETI_PORT}; 0 picks a free port (tests)
 * @param pathPrefix                {@code SOKETI_PATH_PREFIX}, "" or starting with '/' and without a trailing one
 * @param debug                     {@code SOKETI_DEBUG}: log every frame
 * @param eventLoopThreads          {@code SOKETI_EVENT_LOOP_THREADS}, resolved (never 0)
 * @param appManager                where apps come from
 * @param adapter                   how nodes find each other
 * @param database                  the PostgreSQL server ({@code SOKETI_DB_POSTGRES_*})
 * @param pool                      {@code SOKETI_DB_POOLING_*}
 * @param appDefaults               server-level per-app limits
 * @param channelCacheTtl           {@code SOKETI_CHANNEL_CACHE_TTL}; null = cached events never expire (0 or less)
 * @param http                      HTTP API settings
 * @param webSocket                 WebSocket settings
 * @param metrics                   Prometheus endpoint settings
 * @param webhooks                  webhook delivery settings
 * @param ssl                       TLS files; disabled when cert and key are empty
 * @param shutdownGracePeriod       {@code SOKETI_SHUTDOWN_GRACE_PERIOD}
 * @param userAuthenticationTimeout {@code SOKETI_USER_AUTHENTICATION_TIMEOUT}
 * @param adminUi                   {@code SOKETI_ADMIN_UI_*}: the Socket.IO Admin UI
 */
public record ServerConfig(
    String host,
    int port,
    String pathPrefix,
    boolean debug,
    int eventLoopThreads,
    AppManager appManager,
    Adapter adapter,
    Database database,
    Pool pool,
    AppDefaults appDefaults,
    Duration channelCacheTtl,
    Http http,
    WebSocket webSocket,
    Metrics metrics,
    Webhooks webhooks,
    Ssl ssl,
    Duration shutdownGracePeriod,
    Duration userAuthenticationTimeout,
    AdminUi adminUi) {

  /** The configuration with every default: what {@code ./tidings start} runs with no variables. */
  public static ServerConfig defaults() {
    return ConfigLoader.load(java.util.Map.of(), null).config();
  }

  /** The app drivers. */
  public enum AppManagerDriver { ARRAY, POSTGRES }

  /** The adapter drivers. */
  public enum AdapterDriver { LOCAL, POSTGRES }

  /**
   * @param driver          {@code SOKETI_APP_MANAGER_DRIVER}
   * @param cacheEnabled    {@code SOKETI_APP_MANAGER_CACHE_ENABLED}
   * @param cacheTtl        {@code SOKETI_APP_MANAGER_CACHE_TTL}; null = forever (-1)
   * @param negativeCacheTtl how long an unknown key or id is remembered as unknown
   * @param postgresTable   {@code SOKETI_APP_MANAGER_POSTGRES_TABLE}, a validated identifier
   * @param apps            the array driver's apps (default app first)
   */
  public record AppManager(AppManagerDriver driver, boolean cacheEnabled, Duration cacheTtl,
      Duration negativeCacheTtl, String postgresTable, List<App> apps) {
    public AppManager {
      apps = List.copyOf(apps);
    }
  }

  /**
   * @param driver            {@code SOKETI_ADAPTER_DRIVER}
   * @param channelPrefix     {@code SOKETI_ADAPTER_POSTGRES_PREFIX}
   * @param attachmentTable   {@code SOKETI_ADAPTER_POSTGRES_TABLE}
   * @param payloadThreshold  {@code SOKETI_ADAPTER_POSTGRES_PAYLOAD_THRESHOLD} (bytes)
   * @param heartbeatInterval {@code SOKETI_ADAPTER_POSTGRES_HEARTBEAT_INTERVAL}
   * @param heartbeatTimeout  {@code SOKETI_ADAPTER_POSTGRES_HEARTBEAT_TIMEOUT}
   * @param cleanupInterval   {@code SOKETI_ADAPTER_POSTGRES_CLEANUP_INTERVAL}
   * @param requestsTimeout   {@code SOKETI_ADAPTER_POSTGRES_REQUESTS_TIMEOUT}
   * @param replayWindow      {@code SOKETI_ADAPTER_POSTGRES_REPLAY_WINDOW}: how long sent bus messages are kept
   *                          for peers that missed them; zero turns replay off
   * @param replayMaxBytes    {@code SOKETI_ADAPTER_POSTGRES_REPLAY_MAX_KB}, in bytes
   * @param outgoingQueueLimit {@code SOKETI_ADAPTER_POSTGRES_OUTGOING_QUEUE_LIMIT}: bus messages that may wait
   *                          to be sent; past it, HTTP events are refused with 503
   * @param deliveryQueueLimit {@code SOKETI_ADAPTER_POSTGRES_DELIVERY_QUEUE_LIMIT}: received bus messages that
   *                          may wait for delivery, per namespace
   */
  public record Adapter(AdapterDriver driver, String channelPrefix, String attachmentTable,
      int payloadThreshold, Duration heartbeatInterval, Duration heartbeatTimeout,
      Duration cleanupInterval, Duration requestsTimeout, Duration replayWindow, long replayMaxBytes,
      int outgoingQueueLimit, int deliveryQueueLimit) {}

  /** {@code SOKETI_DB_POSTGRES_*}. The password never appears in {@link #toString()}. */
  public record Database(String host, int port, String user, String password, String database) {
    @Override
    public String toString() {
      return "Database[" + user + "@" + host + ":" + port + "/" + database + "]";
    }
  }

  /** {@code SOKETI_DB_POOLING_*}: bounds of the app manager's connection pool. */
  public record Pool(boolean enabled, int min, int max) {}

  /**
   * @param requestLimitBytes       bodies above this get 413 ({@code httpApi.requestLimitInMb})
   * @param requestTimeout          a request must arrive whole within this (slow clients are cut off)
   * @param authTimestampWindow     when positive, {@code auth_timestamp} must be this close to now
   * @param soketiStatusCodes       answer errors with HTTP 200 and the code in the body, as Soketi does
   * @param acceptTrafficThreshold  memory percentage above which {@code /accept-traffic} refuses
   */
  public record Http(long requestLimitBytes, Duration requestTimeout, Duration authTimestampWindow,
      boolean soketiStatusCodes, double acceptTrafficThreshold) {}

  /**
   * @param maxMessageBytes   largest incoming message (frames reassembled); larger closes with 1009
   * @param maxBufferedBytes  outgoing bytes a socket may have queued before it is closed as too slow (also
   *                          its kernel send buffer, so the two together hold about three times this)
   * @param idleTimeout       a socket without traffic for this long is closed with 4201
   */
  public record WebSocket(int maxMessageBytes, int maxBufferedBytes, Duration idleTimeout) {}

  /** {@code SOKETI_METRICS_*}. */
  public record Metrics(boolean enabled, String host, int port, String prefix) {}

  /**
   * @param batching      {@code SOKETI_WEBHOOKS_BATCHING}
   * @param batchDuration {@code SOKETI_WEBHOOKS_BATCHING_DURATION}
   * @param queueSize     webhooks waiting to be sent before new ones are dropped (and counted)
   * @param concurrency   requests in flight at once
   * @param maxAttempts   tries per webhook before it is given up (and counted)
   * @param timeout       per-request timeout
   */
  public record Webhooks(boolean batching, Duration batchDuration, int queueSize, int concurrency,
      int maxAttempts, Duration timeout) {}

  /**
   * {@code SOKETI_ADMIN_UI_*}: the Socket.IO Admin UI on the main port. The password hash never appears in
   * {@link #toString()}.
   *
   * @param enabled      {@code SOKETI_ADMIN_UI_ENABLED}
   * @param path         {@code SOKETI_ADMIN_UI_PATH}: where the UI's files are served, with a trailing '/'
   * @param socketIoPath {@code SOKETI_ADMIN_UI_SOCKETIO_PATH}: the Socket.IO path the UI connects to, with a trailing '/'
   * @param namespace    {@code SOKETI_ADMIN_UI_NAMESPACE}: the admin namespace
   * @param username     {@code SOKETI_ADMIN_UI_USERNAME}
   * @param passwordHash {@code SOKETI_ADMIN_UI_PASSWORD_HASH}: the bcrypt hash of the password (required when enabled)
   * @param readonly     {@code SOKETI_ADMIN_UI_READONLY}: no admin actions
   * @param development  {@code SOKETI_ADMIN_UI_MODE} is {@code development} (sockets and events streamed),
   *                     not {@code production} (server stats only)
   * @param serverId     {@code SOKETI_ADMIN_UI_SERVER_ID}; empty = {@code <hostname>#<pid>}
   */
  public record AdminUi(boolean enabled, String path, String socketIoPath, String namespace, String username,
      String passwordHash, boolean readonly, boolean development, String serverId) {
    @Override
    public String toString() {
      return "AdminUi[enabled=" + enabled + ", path=" + path + ", socketIoPath=" + socketIoPath + ", namespace="
          + namespace + ", username=" + username + ", readonly=" + readonly + ", development=" + development
          + ", serverId=" + serverId + "]";
    }
  }

  /** {@code SOKETI_SSL_*}; the passphrase never appears in {@link #toString()}. */
  public record Ssl(String certPath, String keyPath, String passphrase, String caPath) {
    public boolean enabled() {
      return !certPath.isEmpty() || !keyPath.isEmpty();
    }

    @Override
    public String toString() {
      return "Ssl[cert=" + certPath + ", key=" + keyPath + ", ca=" + caPath + "]";
    }
  }
}
