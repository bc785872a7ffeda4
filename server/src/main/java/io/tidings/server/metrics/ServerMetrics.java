package io.tidings.server.metrics;

import io.tidings.bus.BusStats;
import java.util.function.IntSupplier;

/**
 * What the server counts. {@link PrometheusMetrics} keeps Soketi's metric names so existing dashboards
 * keep working; {@link #NONE} counts nothing (metrics disabled).
 *
 * <p><b>Threading:</b> the counting methods are called from event loops, the cluster state thread and
 * the webhook thread, often once per message: implementations must be lock-free and must not allocate
 * per call. The two {@code watch…} methods are called once, at start-up.
 */
public interface ServerMetrics {

  /** A WebSocket connection of {@code appId} was accepted. */
  default void connectionOpened(String appId) {}

  /** A connection counted by {@link #connectionOpened} closed. */
  default void connectionClosed(String appId) {}

  /** A frame of {@code bytes} arrived from a client of {@code appId}. */
  default void wsMessageReceived(String appId, int bytes) {}

  /** {@code messages} frames totalling {@code bytes} were written to clients of {@code appId}. */
  default void wsMessagesSent(String appId, int messages, long bytes) {}

  /** An HTTP API call of {@code appId} (null when no app was resolved) read {@code in} and wrote {@code out} bytes. */
  default void httpCall(String appId, long in, long out) {}

  /** A client frame was rejected as malformed ({@code reason}: "json", "binary", "too_big", …). */
  default void badFrame(String reason) {}

  /** A connection was closed because its outgoing buffer passed the cap. */
  default void slowConsumerClosed(String appId) {}

  /** A frame could not be written (the connection was closing or too slow) and was dropped. */
  default void frameDropped(String appId) {}

  /**
   * A client event of {@code appId} was delivered nowhere: the cluster bus could not take it (its outgoing
   * queue was full). A client event has no answer to carry the refusal, so it is only counted (and logged).
   */
  default void clientEventRefused(String appId) {}

  /** A presence subscription was answered from this node's view because the bus did not echo it in time. */
  default void presenceAnsweredLocally() {}

  /**
   * An HTTP read of the cluster view ran without this node's own earlier changes, because they did not
   * come back over the bus within the read barrier's cap.
   */
  default void readBarrierTimedOut() {}

  /** A webhook POST of {@code appId} was accepted by its receiver (any status below 400). */
  default void webhookSent(String appId) {}

  /** One attempt to deliver a webhook of {@code appId} failed (it may be retried). */
  default void webhookAttemptFailed(String appId) {}

  /**
   * A webhook of {@code appId} was given up and will never be delivered. {@code reason} is one of a
   * few fixed words ({@code queue_full}, {@code attempts_exhausted}, {@code rejected}, {@code shutdown},
   * {@code unsupported_target}, {@code invalid_request}), used as a label.
   */
  default void webhookGivenUp(String appId, String reason) {}

  /** Exposes the number of webhook POSTs waiting, in flight or waiting for a retry. Once, at start. */
  default void watchWebhookQueue(IntSupplier depth) {}

  /** Exposes the cluster bus's running totals. Once, at start. */
  default void watchBus(BusStats stats) {}

  /** Counts nothing. */
  ServerMetrics NONE = new ServerMetrics() {};
}
