package io.tidings.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.tidings.transport.http.CorsPolicy;
import io.tidings.transport.http.HttpErrors;
import io.tidings.transport.http.HttpHandler;
import io.tidings.transport.websocket.WebSocketUpgrade;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last HTTP handler of a connection: hands each whole request to its route, one at a time. A request
 * that could not be parsed gets 400, 414 or 431 and the connection closes; with a CORS policy, an
 * {@code OPTIONS} request is a preflight and gets 204; an upgrade request goes to its WebSocket route;
 * anything else to its HTTP route, or 404.
 *
 * <p>A route may answer later ({@link RoutedExchange}); requests the client pipelines meanwhile wait in
 * order (at most {@value #MAX_WAITING_REQUESTS}; more closes the connection), so answers leave in the
 * order HTTP/1.1 requires. Whatever a handler throws answers 500 and closes the connection.
 *
 * <p>One instance per connection, on its event loop; removed when the connection becomes a WebSocket.
 */
final class RequestRouter extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(RequestRouter.class);

  /** Requests a client may pipeline behind one that is not answered yet. */
  static final int MAX_WAITING_REQUESTS = 16;

  private final RouteTable routes;
  private final HttpErrors errors;
  private final CorsPolicy cors;
  private ChannelHandlerContext ctx;
  /** The request being answered, or null. */
  private RoutedExchange current;
  private ArrayDeque<FullHttpRequest> waiting;

  RequestRouter(RouteTable routes, HttpErrors errors, CorsPolicy cors) {
    this.routes = routes;
    this.errors = errors;
    this.cors = cors;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest req)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (current != null) {
      if (waiting == null) waiting = new ArrayDeque<>(4);
      if (waiting.size() >= MAX_WAITING_REQUESTS) {
        req.release();
        ctx.close(); // answers could no longer leave in order without holding without bound
        return;
      }
      waiting.add(req);
      return;
    }
    dispatch(req);
  }

  private void dispatch(FullHttpRequest req) {
    RoutedExchange exchange = new RoutedExchange(this, ctx.channel());
    current = exchange;
    try {
      route(req, exchange);
    } catch (RuntimeException e) {
      failed(exchange, e);
    } finally {
      req.release();
    }
  }

  private void route(FullHttpRequest req, RoutedExchange exchange) {
    if (req.decoderResult().isFailure()) {
      Throwable cause = req.decoderResult().cause();
      HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
          : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
          : HttpResponseStatus.BAD_REQUEST;
      exchange.respondThenClose(errors.error(status.code(), "The request could not be parsed."));
      return;
    }
    if (cors.enabled() && req.method() == HttpMethod.OPTIONS) {
      // The headers are added by CorsHeaders, as on every response.
      exchange.respond(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER));
      return;
    }
    String path = new QueryStringDecoder(req.uri()).rawPath();
    if (req.method() == HttpMethod.GET
        && req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
      WebSocketUpgrade upgrade = routes.webSocket(path);
      if (upgrade != null) {
        upgrade.upgrade(ctx, req, exchange);
        return;
      }
    }
    HttpHandler handler = routes.http(path);
    if (handler != null) {
      handler.handle(req, exchange);
    } else {
      exchange.respond(errors.error(404, "Not found."));
    }
  }

  /** Writes an exchange's answer. On the loop. */
  ChannelFuture write(FullHttpResponse response) {
    return ctx.writeAndFlush(response);
  }

  /** {@code exchange} was answered: the next waiting request, if any, is routed. On the loop. */
  void answered(RoutedExchange exchange) {
    if (current != exchange) return;
    current = null;
    while (current == null && waiting != null && !waiting.isEmpty() && ctx.channel().isActive()) {
      dispatch(waiting.poll());
    }
  }

  /**
   * Whatever a handler of this connection threw: the client gets a 500 and the connection closes, instead
   * of an unanswered request held open until the idle deadline. Logged, as it is a bug.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof java.io.IOException) {
      ctx.close(); // the peer went away
      return;
    }
    log.warn("Answering 500 after an unexpected error on {}", ctx.channel().remoteAddress(), cause);
    RoutedExchange exchange = current != null ? current : new RoutedExchange(this, ctx.channel());
    exchange.respondThenClose(errors.error(500, "The request could not be handled."));
  }

  private void failed(RoutedExchange exchange, RuntimeException e) {
    log.warn("Answering 500 after an unexpected error on {}", ctx.channel().remoteAddress(), e);
    if (exchange.answered()) {
      ctx.close();
    } else {
      exchange.respondThenClose(errors.error(500, "The request could not be handled."));
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (current != null) current.clientGone();
    releaseWaiting();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseWaiting(); // the connection became a WebSocket: requests pipelined behind the upgrade are void
  }

  private void releaseWaiting() {
    if (waiting == null) return;
    for (FullHttpRequest r : waiting) ReferenceCountUtil.release(r);
    waiting.clear();
  }
}
