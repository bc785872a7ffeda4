package io.tidings.socketio.engine;

/**
 * Why an Engine.IO session closed: the strings Node's engine.io 6.6 passes to its {@code "close"} event,
 * which Socket.IO turns into the disconnect reasons users switch on. {@link EngineSocket.Listener#onClose}
 * receives exactly one of these. Constants only.
 */
public final class CloseReason {

  /** The client closed the connection, or sent a close packet over polling. */
  public static final String TRANSPORT_CLOSE = "transport close";
  /** No pong came within {@code pingTimeout} of a ping. */
  public static final String PING_TIMEOUT = "ping timeout";
  /** The client sent something that is no Engine.IO packet. */
  public static final String PARSE_ERROR = "parse error";
  /**
   * The transport failed or was abused: an aborted or overlapping poll, an oversized or binary POST, a
   * WebSocket message over {@code maxPayload} or broken, a ping from the client. The description says which.
   */
  public static final String TRANSPORT_ERROR = "transport error";
  /** The server closed the session ({@link EngineSocket#close()}). */
  public static final String FORCED_CLOSE = "forced close";
  /**
   * {@link EngineServer#close()} closed the session. Node's engine.io says {@code "forced close"} here and
   * socket.io says {@code "server shutting down"} to its sockets first; Tidings passes Socket.IO's reason
   * up from the engine, so the layer above needs no second path for it.
   */
  public static final String SERVER_SHUTTING_DOWN = "server shutting down";

  private CloseReason() {}
}
