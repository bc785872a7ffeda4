package io.tidings.admin;

import io.tidings.admin.auth.AdminAuth;
import io.tidings.admin.cluster.AdapterRelay;
import io.tidings.admin.cluster.AdminRelay;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * The options of {@code instrument(io, options)} in {@code @socket.io/admin-ui} 0.5.1, with its defaults:
 * the admin namespace {@code /admin}, authentication (required: basic or explicitly disabled), read-only
 * or not, development mode (every socket and event streamed) or production (server stats only), and the
 * server's id in the UI. Immutable.
 *
 * @param namespaceName the admin namespace
 * @param auth          who may open it; there is no default, as in Node
 * @param readonly      no admin actions (join, leave, disconnect, emit)
 * @param development   development mode ({@code mode: "development"}); production when false
 * @param serverId      the server's name in the UI
 * @param statsInterval how often {@code server_stats} is sent (Node: 2 s)
 * @param clusterTimeout how long the other servers' answers are awaited when the UI asks for every socket
 * @param relay         how the other nodes of the cluster are reached: the admin namespace's adapter
 *                      ({@link AdapterRelay#FACTORY}, the default) or a bus ({@link io.tidings.admin.cluster.BusRelay#over})
 */
public record AdminOptions(String namespaceName, AdminAuth auth, boolean readonly, boolean development,
    String serverId, Duration statsInterval, Duration clusterTimeout, AdminRelay.Factory relay) {

  public static final String DEFAULT_NAMESPACE = "/admin";
  public static final Duration DEFAULT_STATS_INTERVAL = Duration.ofSeconds(2);
  public static final Duration DEFAULT_CLUSTER_TIMEOUT = Duration.ofSeconds(5);

  public AdminOptions {
    Objects.requireNonNull(auth, "auth: the `auth` option must be specified or explicitly disabled (AdminAuth.disabled())");
    if (namespaceName == null || !namespaceName.startsWith("/")) {
      throw new IllegalArgumentException("the admin namespace starts with '/': " + namespaceName);
    }
    Objects.requireNonNull(serverId, "serverId");
    if (statsInterval.isNegative() || statsInterval.isZero()) throw new IllegalArgumentException("statsInterval must be positive");
  }

  public static Builder newBuilder(AdminAuth auth) {
    return new Builder(auth);
  }

  /** {@code <hostname>#<pid>}: Node uses the host name alone outside a cluster worker; the pid tells two nodes on one host apart. */
  public static String defaultServerId() {
    return hostname() + "#" + ManagementFactory.getRuntimeMXBean().getPid();
  }

  static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }

  /** Builds {@link AdminOptions}, starting from Node's defaults. Not thread-safe. */
  public static final class Builder {
    private final AdminAuth auth;
    private String namespaceName = DEFAULT_NAMESPACE;
    private boolean readonly;
    private boolean development = true;
    private String serverId;
    private Duration statsInterval = DEFAULT_STATS_INTERVAL;
    private Duration clusterTimeout = DEFAULT_CLUSTER_TIMEOUT;
    private AdminRelay.Factory relay = AdapterRelay.FACTORY;

    private Builder(AdminAuth auth) {
      this.auth = auth;
    }

    public Builder namespaceName(String name) {
      this.namespaceName = name;
      return this;
    }

    public Builder readonly(boolean readonly) {
      this.readonly = readonly;
      return this;
    }

    /** {@code mode: "development"} (true, the default) or {@code "production"}. */
    public Builder development(boolean development) {
      this.development = development;
      return this;
    }

    /** The server's name in the UI; null or empty for {@link #defaultServerId()}. */
    public Builder serverId(String serverId) {
      this.serverId = serverId;
      return this;
    }

    public Builder statsInterval(Duration interval) {
      this.statsInterval = interval;
      return this;
    }

    public Builder clusterTimeout(Duration timeout) {
      this.clusterTimeout = timeout;
      return this;
    }

    /** How the other nodes are reached (default: the admin namespace's adapter). */
    public Builder relay(AdminRelay.Factory relay) {
      this.relay = relay;
      return this;
    }

    public AdminOptions build() {
      return new AdminOptions(namespaceName, auth, readonly, development,
          serverId == null || serverId.isEmpty() ? defaultServerId() : serverId, statsInterval, clusterTimeout, relay);
    }
  }
}
