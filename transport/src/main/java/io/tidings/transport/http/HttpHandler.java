package io.tidings.transport.http;

import io.netty.handler.codec.http.FullHttpRequest;

/**
 * A protocol's HTTP route: answers the requests under its path prefix.
 *
 * <p><b>Threading:</b> called on the connection's event loop; must not block: answer through
 * {@link HttpExchange#respond} now, or later from any thread. One instance serves every connection, so
 * it must be thread-safe. <b>Buffers:</b> {@code request} (its body aggregated, at most the body limit) is
 * released when the call returns; copy or {@code retain()} what must outlive it.
 */
@FunctionalInterface
public interface HttpHandler {

  void handle(FullHttpRequest request, HttpExchange exchange);
}
