package io.tidings.transport.websocket;

/**
 * What the transport counts on a route's WebSocket connections, for the protocol to turn into metrics
 * (the transport itself has none).
 *
 * <p><b>Threading:</b> called on the connection's event loop, sometimes once per frame: implementations
 * must be lock-free and must not block or allocate per call.
 */
public interface WebSocketListener {

  /**
   * A client broke the protocol and is being closed: {@code reason} is {@code too_big} (1009) or
   * {@code corrupted} (1007 broken UTF-8, 1002 any other broken frame).
   */
  default void violation(WebSocketConnection connection, String reason) {}

  /** A frame for {@code connection} could not be written (it was closing, or too slow) and was dropped. */
  default void frameDropped(WebSocketConnection connection) {}

  /** {@code connection} was closed because its outgoing buffer passed the cap. */
  default void slowConsumerClosed(WebSocketConnection connection) {}

  /** Counts nothing. */
  WebSocketListener NONE = new WebSocketListener() {};
}
