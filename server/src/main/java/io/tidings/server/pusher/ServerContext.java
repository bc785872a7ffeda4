package io.tidings.server.pusher;

import io.tidings.server.app.AppManager;
import io.tidings.server.channels.LocalApps;
import io.tidings.server.cluster.ClusterSync;
import io.tidings.server.config.ServerConfig;
import io.tidings.server.metrics.ServerMetrics;
import io.tidings.server.webhooks.WebhookEvents;
import io.tidings.transport.loop.EventLoops;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The services the WebSocket and HTTP handlers share. Created once by the server; immutable apart from
 * the closing flag. Thread-safe.
 *
 * @param config    the configuration
 * @param apps      finds apps by id and key
 * @param localApps this node's per-app state
 * @param cluster   the cluster-wide view and the bus
 * @param webhooks  where webhooks are raised
 * @param metrics   what is counted
 * @param loops     the event loops
 * @param socketIds makes socket ids
 * @param closing   set when the server shuts down: new connections and subscriptions get 4200
 */
public record ServerContext(
    ServerConfig config,
    AppManager apps,
    LocalApps localApps,
    ClusterSync cluster,
    WebhookEvents webhooks,
    ServerMetrics metrics,
    EventLoops loops,
    SocketIds socketIds,
    AtomicBoolean closing) {

  public boolean isClosing() {
    return closing.get();
  }
}
