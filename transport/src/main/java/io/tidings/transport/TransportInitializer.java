package io.tidings.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.SslContext;
import io.tidings.transport.http.BodyBudget;
import io.tidings.transport.http.BodyLimit;
import io.tidings.transport.http.CorsHeaders;
import io.tidings.transport.http.HttpErrors;
import io.tidings.transport.http.HttpRequestDeadline;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline of a new connection. It starts as HTTP and may become a WebSocket (the route's
 * {@code WebSocketUpgrade} swaps the HTTP-only handlers for the WebSocket ones):
 *
 * <pre>
 *   [tls] → http-first-byte → http-codec → [http-cors] → http-deadline → http-keepalive → http-budget → http-body → http-router
 *   [tls] → wsencoder → wsdecoder → ws-utf8 → ws-aggregator → ws-frames   (after an upgrade)
 * </pre>
 *
 * <p>Thread-safe: one instance initializes every connection of the listener.
 */
final class TransportInitializer extends ChannelInitializer<SocketChannel> {

  /** The handlers removed when a connection becomes a WebSocket. */
  static final List<String> HTTP_ONLY_HANDLERS = List.of(
      "http-first-byte", "http-cors", "http-deadline", "http-keepalive", "http-budget", "http-body", "http-router");

  private final TransportOptions options;
  private final Routes routes;
  private final RouteTable table;
  private final SslContext ssl;
  /** Request-body bytes held by all connections of this listener ({@link BodyBudget}). */
  private final AtomicLong bodiesInFlight = new AtomicLong();

  TransportInitializer(TransportOptions options, Routes routes, RouteTable table, SslContext ssl) {
    this.options = options;
    this.routes = routes;
    this.table = table;
    this.ssl = ssl;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    HttpErrors errors = routes.errors();
    if (ssl != null) p.addLast("tls", ssl.newHandler(ch.alloc()));
    HttpRequestDeadline deadline = new HttpRequestDeadline(options.requestTimeoutMillis(), errors);
    p.addLast("http-first-byte", deadline.firstByteWatcher());
    p.addLast("http-codec", new HttpServerCodec(options.maxInitialLineBytes(), options.maxHeaderBytes(), options.maxChunkBytes()));
    if (routes.cors().enabled()) p.addLast("http-cors", new CorsHeaders(routes.cors()));
    p.addLast("http-deadline", deadline);
    p.addLast("http-keepalive", new HttpServerKeepAliveHandler());
    p.addLast("http-budget", new BodyBudget(bodiesInFlight, options.bodyBudgetBytes(), errors));
    p.addLast("http-body", new BodyLimit(options.maxRequestBodyBytes(), errors));
    p.addLast("http-router", new RequestRouter(table, errors, routes.cors()));
  }
}
