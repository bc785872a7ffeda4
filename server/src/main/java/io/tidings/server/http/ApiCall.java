package io.tidings.server.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.tidings.server.app.App;
import io.tidings.server.metrics.ServerMetrics;
import io.tidings.server.ratelimit.RateLimiter;
import io.tidings.transport.http.HttpExchange;
import java.util.Map;

/**
 * One HTTP API request in flight: what arrived, the app it is for once found, and the way back.
 * Confined to the connection's event loop (callbacks hop back to it before touching this); the answer
 * may be sent from any thread.
 */
final class ApiCall {

  final HttpExchange exchange;
  final String method;
  final String rawPath;
  final Map<String, String> params;
  final byte[] body;
  final boolean soketiStatusCodes;
  private final ServerMetrics metrics;
  App app;
  private RateLimiter.Decision rateLimit;

  ApiCall(HttpExchange exchange, String method, String rawPath, Map<String, String> params, byte[] body,
      boolean soketiStatusCodes, ServerMetrics metrics) {
    this.exchange = exchange;
    this.method = method;
    this.rawPath = rawPath;
    this.params = params;
    this.body = body;
    this.soketiStatusCodes = soketiStatusCodes;
    this.metrics = metrics;
  }

  /** Remembers a rate-limit decision so its headers go out with the response. */
  void rateLimited(RateLimiter.Decision d) {
    this.rateLimit = d;
  }

  void error(int code, String message) {
    respond(HttpResponses.error(code, message, soketiStatusCodes));
  }

  void respond(FullHttpResponse response) {
    if (rateLimit != null && rateLimit.limit() >= 0) {
      response.headers().set("X-RateLimit-Limit", rateLimit.limit());
      response.headers().set("X-RateLimit-Remaining", rateLimit.remaining());
      // A refusal that names its own wait (503 when the bus is full) keeps it.
      if (!response.headers().contains("Retry-After")) response.headers().set("Retry-After", rateLimit.retryAfter());
    }
    metrics.httpCall(app == null ? null : app.id(), body.length, response.content().readableBytes());
    exchange.respond(response);
  }

  /** Runs {@code task} on this call's event loop. */
  void onLoop(Runnable task) {
    if (exchange.eventLoop().inEventLoop()) task.run(); else exchange.eventLoop().execute(task);
  }
}
