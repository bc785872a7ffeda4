package io.tidings.transport.websocket;

import io.netty.buffer.ByteBuf;

/**
 * A protocol's side of one WebSocket connection: what it does with the client's messages and with the
 * end of the connection. Control frames (ping, pong, close) and protocol violations never reach it: the
 * transport answers and closes (see {@link WebSocketConnection}).
 *
 * <p><b>Threading:</b> every method is called on the connection's event loop; none may block.
 * <b>Buffers:</b> a message's content is borrowed for the call: the transport releases it when the call
 * returns, so copy or {@code retain()} what must outlive it.
 */
public interface WebSocketHandler {

  /** A whole text message arrived (fragments reassembled, UTF-8 already validated). */
  void onText(WebSocketConnection connection, ByteBuf content);

  /** A whole binary message arrived (fragments reassembled). */
  void onBinary(WebSocketConnection connection, ByteBuf content);

  /** The connection is closed, however it happened. Called once. */
  void onClose(WebSocketConnection connection);
}
