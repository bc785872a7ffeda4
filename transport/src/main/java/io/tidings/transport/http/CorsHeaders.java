package io.tidings.transport.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.util.ArrayDeque;

/**
 * Puts the {@link CorsPolicy}'s headers on every final response of an HTTP connection, the ones the
 * guards write included (it sits right behind the HTTP codec). HTTP/1.1 answers requests in order, so
 * the requests' origins wait in a queue and each final response takes the oldest; a response with no
 * request behind it (a 408 to headers that never finished) is answered as for no origin. When the headers
 * do not depend on the request (any origin, no credentials), nothing is queued.
 *
 * <p>One instance per connection, on its event loop; removed when the connection becomes a WebSocket.
 */
public final class CorsHeaders extends ChannelDuplexHandler {

  /** What a response needs to know of its request. */
  private record Asked(String origin, boolean preflight, String requestedHeaders) {}

  private static final Asked NOTHING = new Asked(null, false, null);

  private final CorsPolicy policy;
  private final boolean perRequest;
  private final ArrayDeque<Asked> asked;

  public CorsHeaders(CorsPolicy policy) {
    this.policy = policy;
    this.perRequest = policy.dependsOnRequest();
    this.asked = perRequest ? new ArrayDeque<>(2) : null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (perRequest && msg instanceof HttpRequest req) {
      asked.add(new Asked(req.headers().get(HttpHeaderNames.ORIGIN), req.method() == HttpMethod.OPTIONS,
          req.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS)));
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof HttpResponse response && response.status().code() >= 200) {
      Asked a = perRequest ? asked.poll() : null;
      if (a == null) a = NOTHING;
      policy.apply(response.headers(), a.origin(), a.preflight(), a.requestedHeaders());
    }
    super.write(ctx, msg, promise);
  }
}
