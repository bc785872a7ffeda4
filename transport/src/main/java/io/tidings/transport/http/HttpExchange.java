package io.tidings.transport.http;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpResponse;
import java.net.SocketAddress;

/**
 * The way back for one HTTP request. A handler answers it exactly once, now or later, from any thread:
 * the answer may wait for a database or, for long-polling, for data to send (up to the protocol's own
 * bound, e.g. Engine.IO's 25 s). While a request is unanswered the transport's request deadline does not
 * run for that connection (a held request is the handler's, not a slow client), and any further requests
 * the client pipelines wait, in order, until it is answered. The transport puts no time limit on a held
 * request: the handler owns it.
 */
public interface HttpExchange {

  /**
   * Sends {@code response} (taking ownership of it) and lets the connection go on to its next request.
   * {@code Content-Length} is added when missing; {@code Connection: close} in it closes the connection
   * after it. From any thread; a second answer, or one after the client went away, is released and
   * dropped.
   */
  void respond(FullHttpResponse response);

  /**
   * Runs {@code action} on the connection's loop if the client goes away before the answer (a long-poll
   * aborted by the client). At most once.
   */
  void onClose(Runnable action);

  /** True until the client goes away. */
  boolean isOpen();

  /** The loop of the connection (timers, hops). */
  EventLoop eventLoop();

  /** The client's address. */
  SocketAddress remoteAddress();

  /** True when the request came over TLS ({@code https://}). */
  boolean secure();
}
