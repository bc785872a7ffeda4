package io.tidings.server.context;

import io.tidings.server.app.AppManager;
import io.tidings.server.channels.LocalApps;
import io.tidings.server.cluster.ClusterSync;
import io.tidings.server.config.ServerConfig;
import io.tidings.server.metrics.ServerMetrics;
import io.tidings.server.webhooks.WebhookEvents;
import io.tidings.transport.loop.EventLoops;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The services the front ends share — the Pusher WebSocket protocol and the HTTP API: the configuration,
 * the apps, this node's state, the cluster view, webhooks and metrics. Built once by
 * {@code TidingsServer}; immutable apart from the closing flag. Thread-safe.
 *
 * @param config    the configuration
 * @param apps      finds apps by id and key
 * @param localApps this node's per-app state
 * @param cluster   the cluster-wide view and the bus
 * @param webhooks  where webhooks are raised
 * @param metrics   what is counted
 * @param loops     the event loops
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
    AtomicBoolean closing) {

  public boolean isClosing() {
    return closing.get();
  }
}
