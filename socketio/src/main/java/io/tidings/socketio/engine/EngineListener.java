package io.tidings.socketio.engine;

/**
 * What an {@link EngineServer} tells the layer above it (Socket.IO, or an application using the bare
 * engine): new sessions, and what it refused.
 *
 * <p><b>Threading:</b> called on event loops (a session's own loop for {@link #onConnection}; the loop of
 * the connection that sent the refused input for the others); must not block.
 */
public interface EngineListener {

  /**
   * A session opened: its open packet was sent (over polling, as the handshake's answer). Set the socket's
   * listener here, before returning: packets that arrive later go to it.
   */
  void onConnection(EngineSocket socket);

  /**
   * Input was refused, for counting (each call is one occurrence; the engine also logs them, throttled).
   * {@code reason} is one of a closed list, fit for a metric label: a refused request with Node's error
   * message ({@code "Transport unknown"}, {@code "Session ID unknown"}, {@code "Bad handshake method"},
   * {@code "Bad request"}, {@code "Forbidden"}, {@code "Unsupported protocol version"}), or bad input that
   * closed a session, with Node's description of it ({@code "overlap from client"},
   * {@code "payload too large"}, {@code "invalid content"}, {@code "invalid heartbeat direction"},
   * {@code "parse error"}, {@code "message too big"}, {@code "corrupted frame"}), or a request with a
   * method polling does not take ({@code "unsupported method"}, answered 500 as Node does).
   */
  default void onRefused(String reason) {}

  /**
   * A WebSocket session's outgoing buffer passed the transport's cap: the connection was closed at once
   * and what was queued for it dropped (the session then closes with {@code "transport close"}).
   */
  default void onSlowConsumer(EngineSocket socket) {}
}
