package io.tidings.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tidings.bus.BusStats;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

/**
 * {@link ServerMetrics} on Micrometer's {@link PrometheusMeterRegistry}, with Soketi's metric names
 * (prefix {@code SOKETI_METRICS_PROMETHEUS_PREFIX}, labels {@code app_id} and {@code port}), the JVM's
 * metrics, and Tidings' own under {@code tidings_*}.
 *
 * <p><b>Hot path:</b> each call finds the app's {@link AppMeters} with one {@link ConcurrentHashMap#get}
 * on the app id (its hash is cached by {@code String}) and increments adders; meters are registered
 * only the first time an app is seen. No locks, no string building per message.
 *
 * <p><b>Threading:</b> every method is thread-safe. {@link #bindPort} must be called before traffic
 * (the {@code port} label is fixed when an app's meters are created). One instance per node.
 */
public final class PrometheusMetrics implements ServerMetrics, AutoCloseable {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final String prefix;
  private final ConcurrentHashMap<String, AppMeters> apps = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> badFrames = new ConcurrentHashMap<>();
  private final Counter delivered;
  private final Counter presenceAnsweredLocally;
  private final Counter readBarrierTimeouts;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  /** The namespaces whose delivery drops are exported, by name; registered when a scrape first sees them. */
  private final ConcurrentHashMap<String, Boolean> busNamespaces = new ConcurrentHashMap<>();
  private volatile BusStats bus;
  private volatile String port = "0";

  /** @param prefix {@code SOKETI_METRICS_PROMETHEUS_PREFIX}, e.g. {@code soketi_} */
  public PrometheusMetrics(String prefix) {
    this.prefix = prefix;
    delivered = Counter.builder("tidings_messages_delivered")
        .description("WebSocket frames written to clients, all apps.").register(registry);
    presenceAnsweredLocally = Counter.builder("tidings_presence_answered_locally")
        .description("Presence subscriptions answered from this node's view because the bus was too slow to echo them.")
        .register(registry);
    readBarrierTimeouts = Counter.builder("tidings_read_barrier_timeouts")
        .description("HTTP reads of the cluster view answered without this node's own recent changes, which did "
            + "not come back over the bus within the 250 ms cap.")
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /** The main port, as the {@code port} label (Soketi's is the configured port; this is the bound one). */
  public void bindPort(int port) {
    this.port = Integer.toString(port);
  }

  /** Every meter's current values (for the prom-client JSON of the metrics endpoint). */
  public MetricSnapshots snapshots() {
    registerBusNamespaces();
    return registry.getPrometheusRegistry().scrape();
  }

  /** The Prometheus text exposition (format 0.0.4). */
  public String scrape() {
    registerBusNamespaces();
    return registry.scrape();
  }

  private AppMeters app(String appId) {
    AppMeters m = apps.get(appId);
    if (m != null) return m;
    return apps.computeIfAbsent(appId, id -> new AppMeters(registry, prefix, id, port));
  }

  @Override
  public void connectionOpened(String appId) {
    AppMeters m = app(appId);
    m.connected.incrementAndGet();
    m.newConnections.increment();
  }

  @Override
  public void connectionClosed(String appId) {
    AppMeters m = app(appId);
    m.connected.decrementAndGet();
    m.newDisconnections.increment();
  }

  @Override
  public void wsMessageReceived(String appId, int bytes) {
    AppMeters m = app(appId);
    m.wsMessagesReceived.increment();
    m.socketReceivedBytes.add(bytes);
  }

  @Override
  public void wsMessagesSent(String appId, int messages, long bytes) {
    AppMeters m = app(appId);
    m.wsMessagesSent.increment(messages);
    m.socketTransmittedBytes.add(bytes);
    delivered.increment(messages);
  }

  @Override
  public void httpCall(String appId, long in, long out) {
    if (appId == null) return; // Soketi labels every API series with an app; unknown apps are not counted
    AppMeters m = app(appId);
    m.httpCallsReceived.increment();
    m.httpReceivedBytes.add(in);
    m.httpTransmittedBytes.add(out);
  }

  @Override
  public void badFrame(String reason) {
    Counter c = badFrames.get(reason);
    if (c == null) {
      c = badFrames.computeIfAbsent(reason, r -> Counter.builder("tidings_bad_frames").tag("reason", r)
          .description("Client frames rejected as malformed, by reason.").register(registry));
    }
    c.increment();
  }

  @Override
  public void presenceAnsweredLocally() {
    presenceAnsweredLocally.increment();
  }

  @Override
  public void readBarrierTimedOut() {
    readBarrierTimeouts.increment();
  }

  @Override
  public void slowConsumerClosed(String appId) {
    app(appId).slowConsumersClosed.increment();
  }

  @Override
  public void clientEventRefused(String appId) {
    app(appId).clientEventsRefused.increment();
  }

  @Override
  public void frameDropped(String appId) {
    app(appId).framesDropped.increment();
  }

  @Override
  public void webhookSent(String appId) {
    app(appId).webhooksSent.increment();
  }

  @Override
  public void webhookAttemptFailed(String appId) {
    app(appId).webhookAttemptsFailed.increment();
  }

  @Override
  public void webhookGivenUp(String appId, String reason) {
    app(appId).webhooksGivenUp(reason).increment();
  }

  @Override
  public void watchWebhookQueue(IntSupplier depth) {
    Gauge.builder("tidings_webhooks_queue_depth", depth, IntSupplier::getAsInt)
        .description("Webhook POSTs waiting, in flight or waiting for a retry.").strongReference(true).register(registry);
  }

  @Override
  public void watchBus(BusStats stats) {
    busCounter("tidings_bus_published_messages", stats, BusStats::publishedMessages,
        "Messages handed to the database (each NOTIFY or attachment once).");
    busCounter("tidings_bus_publish_statements", stats, BusStats::publishStatements,
        "Statements that carried the published messages.");
    busGauge("tidings_bus_queued_messages", stats, BusStats::queuedMessages, "Bus messages waiting to be sent.");
    busCounter("tidings_bus_dropped_messages", stats, BusStats::droppedMessages,
        "Bus messages dropped (outgoing queue full or refused by the database).");
    busCounter("tidings_bus_dropped_deliveries", stats, BusStats::droppedDeliveries,
        "Received bus messages dropped because the node's delivery queue was full (listener too slow).");
    busCounter("tidings_bus_received_messages", stats, BusStats::receivedMessages, "Notifications received.");
    busCounter("tidings_bus_attachments_written", stats, BusStats::attachmentsWritten,
        "Bus messages spilled to the attachment table.");
    busCounter("tidings_bus_attachments_read", stats, BusStats::attachmentsRead, "Attachments read back.");
    busCounter("tidings_bus_undecodable_messages", stats, BusStats::undecodableMessages,
        "Bus messages that could not be decoded (dropped).");
    busCounter("tidings_bus_listen_reconnects", stats, BusStats::listenReconnects, "Times the LISTEN connection was lost.");
    busCounter("tidings_bus_missed_messages", stats, BusStats::missedMessages,
        "Peer messages known missed, from gaps in their sequence numbers.");
    busCounter("tidings_bus_replayed_messages", stats, BusStats::replayedMessages,
        "Missed bus messages delivered late, by replay.");
    busCounter("tidings_bus_unrecovered_messages", stats, BusStats::unrecoveredMessages,
        "Missed bus messages never recovered (replay off, ring overrun, sender gone or silent); an upper bound.");
    busGauge("tidings_bus_replay_ring_bytes", stats, BusStats::replayRingBytes,
        "Payload characters of recently sent bus messages kept for replay.");
    busGauge("tidings_bus_peers", stats, BusStats::peers, "Live peers summed over namespaces.");
    bus = stats;
  }

  /**
   * {@link BusStats#droppedDeliveriesByNamespace} as {@code tidings_bus_namespace_dropped_deliveries} with a
   * {@code namespace} label. Namespaces come and go with what the bus joins, so each is registered the
   * first time a scrape finds it; its counter then reads the bus's figure, which only grows.
   */
  private void registerBusNamespaces() {
    BusStats stats = bus;
    if (stats == null) return;
    for (String namespace : stats.droppedDeliveriesByNamespace().keySet()) {
      busNamespaces.computeIfAbsent(namespace, ns -> {
        FunctionCounter.builder("tidings_bus_namespace_dropped_deliveries", stats,
                s -> s.droppedDeliveriesByNamespace().getOrDefault(ns, 0L))
            .tag("namespace", ns)
            .description("Received bus messages dropped because the namespace's delivery lane was full (its listener too slow).")
            .register(registry);
        return Boolean.TRUE;
      });
    }
  }

  private void busCounter(String name, BusStats stats, ToDoubleFunction<BusStats> f, String help) {
    FunctionCounter.builder(name, stats, f).description(help).register(registry);
  }

  private void busGauge(String name, BusStats stats, ToDoubleFunction<BusStats> f, String help) {
    Gauge.builder(name, stats, f).description(help).strongReference(true).register(registry);
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
