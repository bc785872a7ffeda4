package io.tidings.transport.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The bodies of the errors the transport answers by itself — a request that could not be parsed (400,
 * 414, 431), arrived too slowly (408), is too big (413), does not fit the node's body budget (503), went
 * to no route (404) or broke a handler (500) — in the protocol's format: Pusher's
 * {@code {"error":…,"code":…}}, Engine.IO's {@code {"code":…,"message":…}}.
 *
 * <p><b>Threading:</b> called on event loops; must be thread-safe and must not block. <b>Buffers:</b>
 * each call returns a new response, which the caller then owns.
 */
@FunctionalInterface
public interface HttpErrors {

  /**
   * The response for {@code status} with a human-readable {@code message}. The transport adds
   * {@code Content-Length} when it is missing, and the headers the error needs ({@code Retry-After},
   * {@code Connection: close}).
   */
  FullHttpResponse error(int status, String message);

  /** A {@code text/plain} body holding the message. */
  HttpErrors PLAIN_TEXT = (status, message) -> {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
        Unpooled.copiedBuffer(message, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    return r;
  };

  /** Sets {@code Content-Length} on {@code r} when the protocol left it out; returns {@code r}. */
  static FullHttpResponse withLength(FullHttpResponse r) {
    if (!r.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      r.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
    }
    return r;
  }
}
