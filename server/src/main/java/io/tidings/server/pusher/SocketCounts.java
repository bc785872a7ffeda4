package io.tidings.server.pusher;

import io.tidings.server.metrics.ServerMetrics;
import io.tidings.transport.websocket.WebSocketConnection;
import io.tidings.transport.websocket.WebSocketListener;

/**
 * Turns what the transport counts on Pusher's WebSocket connections into the server's metrics, by app.
 *
 * <p><b>Threading:</b> called on event loops; stateless apart from the metrics, which are lock-free.
 */
public final class SocketCounts implements WebSocketListener {

  private final ServerMetrics metrics;

  public SocketCounts(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void violation(WebSocketConnection connection, String reason) {
    metrics.badFrame(reason);
  }

  @Override
  public void frameDropped(WebSocketConnection connection) {
    if (connection.handler() instanceof PusherConnection c) metrics.frameDropped(c.app().app().id());
  }

  @Override
  public void slowConsumerClosed(WebSocketConnection connection) {
    if (connection.handler() instanceof PusherConnection c) metrics.slowConsumerClosed(c.app().app().id());
  }
}
