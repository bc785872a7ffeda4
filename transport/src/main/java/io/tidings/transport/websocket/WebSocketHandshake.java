package io.tidings.transport.websocket;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpResponse;
import java.net.SocketAddress;
import java.util.function.Function;

/**
 * A WebSocket upgrade waiting for the protocol's decision. The protocol answers exactly once, from any
 * thread, now or later (after looking something up): {@link #accept} performs the RFC 6455 handshake,
 * {@link #refuse} answers an HTTP error instead and the connection stays HTTP. A second answer is ignored
 * (its response released). An answer after the client went away is dropped.
 */
public interface WebSocketHandshake {

  /**
   * Performs the handshake, then calls {@code open} on the connection's loop with the new connection. It
   * returns the connection's handler, or null when the protocol refused the connection after all and is
   * closing it (e.g. with a protocol-level error frame, as Pusher does for an unknown app key).
   */
  void accept(Function<WebSocketConnection, WebSocketHandler> open);

  /** Answers {@code response} instead of upgrading (taking ownership of it). */
  void refuse(FullHttpResponse response);

  /** The loop of the connection asking. */
  EventLoop eventLoop();

  /** The client's address. */
  SocketAddress remoteAddress();

  /** True when the upgrade request came over TLS ({@code wss://}). */
  boolean secure();
}
