package io.tidings.socketio.engine;

import io.tidings.transport.http.CorsPolicy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * How the Engine.IO server behaves, with Node's engine.io 6.6 defaults: immutable and thread-safe, every
 * default here with its unit, checked when built.
 *
 * <p>What Node has and Tidings does not: {@code perMessageDeflate} and {@code httpCompression} (always
 * off: a broadcast shares one encoded frame between every recipient, which per-connection compression
 * would undo; Node compresses polling responses over 1 KiB by default), the {@code cookie} option, JSONP
 * polling ({@code j=}), Engine.IO v3 clients ({@code allowEIO3}), WebTransport, {@code initialPacket} and
 * middlewares.
 *
 * @param path              where the engine answers: requests whose path starts with it (always ends with
 *                          {@code /}, as Node's {@code addTrailingSlash}). {@value #DEFAULT_PATH} by default,
 *                          Socket.IO's; a bare engine in Node uses {@value #BARE_ENGINE_PATH}
 * @param pingInterval      how often the server pings each session
 * @param pingTimeout       how long after a ping the session waits for the pong before it closes with
 *                          {@code "ping timeout"}
 * @param upgradeTimeout    how long an upgrade from polling to WebSocket may take before the new
 *                          WebSocket is closed and the session stays on polling
 * @param maxHttpBufferSize the largest POST body, and the largest WebSocket message, in bytes; sent to
 *                          clients as {@code maxPayload}. A larger one closes the session with
 *                          {@code "transport error"} (POST: {@code 413}; WebSocket: close code 1009). The
 *                          transport's own body limit ({@code TransportOptions.maxRequestBodyBytes}) answers
 *                          first when it is lower: keep it at least this large
 * @param transports        the transports clients may use; a request naming another gets
 *                          {@code {"code":0,"message":"Transport unknown"}}
 * @param allowUpgrades     whether a polling session may upgrade (the open packet's {@code upgrades})
 * @param allowRequest      decides whether a handshake may open a session
 * @param cors              the CORS headers of every answer on the port and the answer to preflights
 *                          (Node's default: none)
 * @param timers            the engine's clock and scheduler ({@link EngineTimers#SYSTEM} but in tests)
 */
public record EngineOptions(
    String path,
    Duration pingInterval,
    Duration pingTimeout,
    Duration upgradeTimeout,
    int maxHttpBufferSize,
    Set<EngineTransport> transports,
    boolean allowUpgrades,
    AllowRequest allowRequest,
    CorsPolicy cors,
    EngineTimers timers) {

  public static final String DEFAULT_PATH = "/socket.io/";
  public static final String BARE_ENGINE_PATH = "/engine.io/";
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofMillis(25_000);
  public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofMillis(20_000);
  public static final Duration DEFAULT_UPGRADE_TIMEOUT = Duration.ofMillis(10_000);
  /** Node's {@code 1e6}. */
  public static final int DEFAULT_MAX_HTTP_BUFFER_SIZE = 1_000_000;

  public static final EngineOptions DEFAULT = newBuilder().build();

  public EngineOptions {
    path = normalizedPath(path);
    positive("pingInterval", pingInterval);
    positive("pingTimeout", pingTimeout);
    positive("upgradeTimeout", upgradeTimeout);
    if (maxHttpBufferSize <= 0) throw new IllegalArgumentException("maxHttpBufferSize must be positive: " + maxHttpBufferSize);
    if (transports == null || transports.isEmpty()) throw new IllegalArgumentException("transports is empty");
    transports = Set.copyOf(transports);
    if (allowRequest == null) throw new IllegalArgumentException("allowRequest is null (use AllowRequest.ALLOW_ALL)");
    if (cors == null) throw new IllegalArgumentException("cors is null (use CorsPolicy.NONE)");
    if (timers == null) throw new IllegalArgumentException("timers is null");
  }

  /** Node's {@code _computePath}: the trailing slash removed, then one added. */
  private static String normalizedPath(String path) {
    if (path == null || !path.startsWith("/")) throw new IllegalArgumentException("path must start with '/': " + path);
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return p + "/";
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().path(path).pingInterval(pingInterval).pingTimeout(pingTimeout).upgradeTimeout(upgradeTimeout)
        .maxHttpBufferSize(maxHttpBufferSize).transports(transports).allowUpgrades(allowUpgrades)
        .allowRequest(allowRequest).cors(cors).timers(timers);
  }

  /** Whether {@code transport} is enabled. */
  public boolean enabled(EngineTransport transport) {
    return transports.contains(transport);
  }

  /** Builds {@link EngineOptions}; starts from Node's defaults. Not thread-safe. */
  public static final class Builder {
    private String path = DEFAULT_PATH;
    private Duration pingInterval = DEFAULT_PING_INTERVAL;
    private Duration pingTimeout = DEFAULT_PING_TIMEOUT;
    private Duration upgradeTimeout = DEFAULT_UPGRADE_TIMEOUT;
    private int maxHttpBufferSize = DEFAULT_MAX_HTTP_BUFFER_SIZE;
    private Set<EngineTransport> transports = EnumSet.allOf(EngineTransport.class);
    private boolean allowUpgrades = true;
    private AllowRequest allowRequest = AllowRequest.ALLOW_ALL;
    private CorsPolicy cors = CorsPolicy.NONE;
    private EngineTimers timers = EngineTimers.SYSTEM;

    private Builder() {}

    public Builder path(String path) {
      this.path = path;
      return this;
    }

    public Builder pingInterval(Duration interval) {
      this.pingInterval = interval;
      return this;
    }

    public Builder pingTimeout(Duration timeout) {
      this.pingTimeout = timeout;
      return this;
    }

    public Builder upgradeTimeout(Duration timeout) {
      this.upgradeTimeout = timeout;
      return this;
    }

    public Builder maxHttpBufferSize(int bytes) {
      this.maxHttpBufferSize = bytes;
      return this;
    }

    public Builder transports(Set<EngineTransport> transports) {
      this.transports = transports;
      return this;
    }

    public Builder allowUpgrades(boolean allow) {
      this.allowUpgrades = allow;
      return this;
    }

    public Builder allowRequest(AllowRequest allowRequest) {
      this.allowRequest = allowRequest;
      return this;
    }

    public Builder cors(CorsPolicy cors) {
      this.cors = cors;
      return this;
    }

    public Builder timers(EngineTimers timers) {
      this.timers = timers;
      return this;
    }

    public EngineOptions build() {
      return new EngineOptions(path, pingInterval, pingTimeout, upgradeTimeout, maxHttpBufferSize, transports,
          allowUpgrades, allowRequest, cors, timers);
    }
  }
}
