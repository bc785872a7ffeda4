package io.tidings.socketio;

/**
 * Why a socket disconnected: exactly Node's strings, the closed list users switch on. The
 * {@code "disconnect"} and {@code "disconnecting"} events carry one of them as their first argument.
 */
public final class DisconnectReason {

  /** The connection was closed (the user closed the tab, the network changed). */
  public static final String TRANSPORT_CLOSE = "transport close";
  /** The connection failed (an aborted poll, a broken or oversized WebSocket message, …). */
  public static final String TRANSPORT_ERROR = "transport error";
  /** No pong came within {@code pingTimeout}. */
  public static final String PING_TIMEOUT = "ping timeout";
  /** The client sent something that is no Engine.IO packet. */
  public static final String PARSE_ERROR = "parse error";
  /** The server closed the Engine.IO session (an undecodable Socket.IO packet, for one). */
  public static final String FORCED_CLOSE = "forced close";
  /** The server closed the connection ({@code socket.disconnect(true)}, or a packet out of place). */
  public static final String FORCED_SERVER_CLOSE = "forced server close";
  /** The server is shutting down ({@code io.close()}). */
  public static final String SERVER_SHUTTING_DOWN = "server shutting down";
  /** The client left the namespace ({@code socket.disconnect()} on its side). */
  public static final String CLIENT_NAMESPACE_DISCONNECT = "client namespace disconnect";
  /** The server disconnected the socket from the namespace ({@code socket.disconnect()}). */
  public static final String SERVER_NAMESPACE_DISCONNECT = "server namespace disconnect";

  private DisconnectReason() {}
}
