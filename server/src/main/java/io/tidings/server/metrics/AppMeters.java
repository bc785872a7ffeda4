package io.tidings.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The meters of one app, registered once (when the app is first counted) and then only incremented.
 *
 * <p>Soketi's names are reproduced exactly. Micrometer's Prometheus registry appends {@code _total} to
 * every counter, so the four byte totals Soketi exposes <em>without</em> {@code _total}
 * ({@code socket_received_bytes}, …) are exported as gauges reading a {@link LongAdder}: same name, same
 * labels, same monotonically growing value, only the {@code # TYPE} line says {@code gauge}.
 *
 * <p>Thread-safe and lock-free after construction.
 */
final class AppMeters {

  final AtomicLong connected = new AtomicLong();
  final Counter newConnections;
  final Counter newDisconnections;
  final LongAdder socketReceivedBytes = new LongAdder();
  final LongAdder socketTransmittedBytes = new LongAdder();
  final Counter wsMessagesReceived;
  final Counter wsMessagesSent;
  final LongAdder httpReceivedBytes = new LongAdder();
  final LongAdder httpTransmittedBytes = new LongAdder();
  final Counter httpCallsReceived;
  final Counter framesDropped;
  final Counter slowConsumersClosed;
  final Counter clientEventsRefused;
  final Counter webhooksSent;
  final Counter webhookAttemptsFailed;
  private final ConcurrentHashMap<String, Counter> webhooksGivenUp = new ConcurrentHashMap<>();
  private final MeterRegistry registry;
  private final Tags appTag;

  AppMeters(MeterRegistry registry, String prefix, String appId, String port) {
    this.registry = registry;
    Tags soketi = Tags.of("app_id", appId, "port", port);
    this.appTag = Tags.of("app_id", appId);
    Gauge.builder(prefix + "connected", connected, AtomicLong::get).tags(soketi)
        .description("The number of currently connected sockets.").strongReference(true).register(registry);
    newConnections = Counter.builder(prefix + "new_connections_total").tags(soketi)
        .description("Total amount of soketi connection requests.").register(registry);
    newDisconnections = Counter.builder(prefix + "new_disconnections_total").tags(soketi)
        .description("Total amount of soketi disconnections.").register(registry);
    total(prefix + "socket_received_bytes", socketReceivedBytes, soketi, "Total amount of bytes that soketi received.");
    total(prefix + "socket_transmitted_bytes", socketTransmittedBytes, soketi, "Total amount of bytes that soketi transmitted.");
    wsMessagesReceived = Counter.builder(prefix + "ws_messages_received_total").tags(soketi)
        .description("The total amount of WS messages received from connections by the server.").register(registry);
    wsMessagesSent = Counter.builder(prefix + "ws_messages_sent_total").tags(soketi)
        .description("The total amount of WS messages sent to the connections from the server.").register(registry);
    total(prefix + "http_received_bytes", httpReceivedBytes, soketi, "Total amount of bytes that soketi's REST API received.");
    total(prefix + "http_transmitted_bytes", httpTransmittedBytes, soketi, "Total amount of bytes that soketi's REST API sent back.");
    httpCallsReceived = Counter.builder(prefix + "http_calls_received_total").tags(soketi)
        .description("Total amount of received REST API calls.").register(registry);
    framesDropped = Counter.builder("tidings_frames_dropped").tags(appTag)
        .description("Frames not written because the connection was closing or too slow.").register(registry);
    slowConsumersClosed = Counter.builder("tidings_slow_consumers_closed").tags(appTag)
        .description("Connections closed because more than SOKETI_WS_MAX_BUFFERED_KB waited to be written to them.")
        .register(registry);
    clientEventsRefused = Counter.builder("tidings_client_events_refused").tags(appTag)
        .description("Client events delivered nowhere because the cluster bus could not take them (outgoing queue full).")
        .register(registry);
    webhooksSent = Counter.builder("tidings_webhooks_sent").tags(appTag)
        .description("Webhook POSTs accepted by their receiver.").register(registry);
    webhookAttemptsFailed = Counter.builder("tidings_webhooks_failed").tags(appTag)
        .description("Webhook delivery attempts that failed (connection error, timeout or HTTP error); some are retried.")
        .register(registry);
  }

  /** The given-up counter for {@code reason} (a small fixed set of words). */
  Counter webhooksGivenUp(String reason) {
    Counter c = webhooksGivenUp.get(reason);
    if (c != null) return c;
    return webhooksGivenUp.computeIfAbsent(reason, r -> Counter.builder("tidings_webhooks_given_up")
        .tags(appTag).tag("reason", r)
        .description("Webhooks that will never be delivered, by reason.").register(registry));
  }

  private void total(String name, LongAdder adder, Tags tags, String help) {
    Gauge.builder(name, adder, LongAdder::sum).tags(tags).description(help).strongReference(true).register(registry);
  }
}
