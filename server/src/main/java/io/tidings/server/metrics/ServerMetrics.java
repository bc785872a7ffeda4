package io.tidings.server.metrics;

/**
 * What the server counts. The Prometheus implementation keeps Soketi's metric names so existing
 * dashboards keep working; {@link #NONE} counts nothing.
 *
 * <p><b>Threading:</b> called from event loops and other threads; implementations must be lock-free
 * or close to it (they are on the hot path).
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

  /** Counts nothing. */
  ServerMetrics NONE = new ServerMetrics() {};
}
