package io.tidings.transport.websocket;

import io.netty.handler.codec.http.FullHttpRequest;

/**
 * A protocol's WebSocket route: decides, before the handshake, whether an upgrade request is accepted.
 *
 * <p><b>Threading:</b> called on the connection's event loop; must not block (answer the handshake later
 * from any thread when the decision needs I/O). <b>Buffers:</b> {@code request} is released when the call
 * returns; read what you need from it during the call.
 */
@FunctionalInterface
public interface WebSocketAcceptor {

  /** An upgrade request ({@code GET} with {@code Upgrade: websocket}) arrived for this route. */
  void onUpgrade(FullHttpRequest request, WebSocketHandshake handshake);
}
