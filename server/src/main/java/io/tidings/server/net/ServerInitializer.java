package io.tidings.server.net;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.SslContext;
import io.tidings.server.http.HttpRouter;
import io.tidings.server.pusher.ServerContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline of a new connection on the main port. It starts as HTTP and becomes a WebSocket on
 * {@code /app/{key}} ({@link WebSocketUpgrade} swaps the HTTP-only handlers for the WebSocket ones):
 *
 * <pre>
 *   [tls] → http-first-byte → http-codec → http-deadline → http-keepalive → http-budget → http-body → http-router
 *   [tls] → wsencoder → wsdecoder → ws-utf8 → ws-aggregator → pusher  (after the upgrade)
 * </pre>
 */
public final class ServerInitializer extends ChannelInitializer<SocketChannel> {

  /** Request line and headers beyond these are refused (431/400) instead of buffered. */
  private static final int MAX_INITIAL_LINE_BYTES = 8192;
  private static final int MAX_HEADER_BYTES = 16384;
  private static final int MAX_CHUNK_BYTES = 65536;

  /** The handlers removed when a connection becomes a WebSocket. */
  static final List<String> HTTP_ONLY_HANDLERS =
      List.of("http-first-byte", "http-deadline", "http-keepalive", "http-budget", "http-body", "http-router");

  private final ServerContext ctx;
  private final WebSocketUpgrade upgrade;
  private final SslContext ssl;
  /** Request-body bytes held by all connections of this node ({@link BodyBudget}). */
  private final AtomicLong bodiesInFlight = new AtomicLong();
  private final long bodyBudget = BodyBudget.defaultBudgetBytes();

  public ServerInitializer(ServerContext ctx, WebSocketUpgrade upgrade, SslContext ssl) {
    this.ctx = ctx;
    this.upgrade = upgrade;
    this.ssl = ssl;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    if (ssl != null) p.addLast("tls", ssl.newHandler(ch.alloc()));
    HttpRequestDeadline deadline = new HttpRequestDeadline(ctx.config().http().requestTimeout().toMillis());
    p.addLast("http-first-byte", deadline.firstByteWatcher());
    p.addLast("http-codec", new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, MAX_CHUNK_BYTES));
    p.addLast("http-deadline", deadline);
    p.addLast("http-keepalive", new HttpServerKeepAliveHandler());
    p.addLast("http-budget", new BodyBudget(bodiesInFlight, bodyBudget));
    p.addLast("http-body", new BodyLimit((int) Math.min(Integer.MAX_VALUE - 8, ctx.config().http().requestLimitBytes())));
    p.addLast("http-router", new HttpRouter(ctx, upgrade));
  }
}
