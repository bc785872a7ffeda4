package io.tidings.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.tidings.transport.loop.EventLoopGroups;
import io.tidings.transport.loop.EventLoops;
import io.tidings.transport.websocket.WebSocketUpgrade;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The listener (HTTP and WebSocket on one port) and its event loops: native epoll where available, one
 * acceptor thread ({@code tidings-accept}) and {@link TransportOptions#eventLoopThreads} loops
 * ({@code tidings-loop-N}) that own the connections. The loops exist from construction, before the port is
 * bound, because a protocol builds its per-loop registries from {@link #loops()}.
 *
 * <p>Each connection gets {@code TCP_NODELAY}, a write-buffer high-water mark of
 * {@link TransportOptions#maxBufferedBytes} (low mark half of it) and an {@code SO_SNDBUF} bounded by the
 * same value, so a client that stops reading is found slow within that many bytes, not after the kernel
 * grew its buffer to megabytes.
 *
 * <p><b>Threading:</b> {@link #bind} once; {@link #close} from any thread.
 */
public final class TransportServer implements AutoCloseable {

  private final TransportOptions options;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final EventLoops loops;
  private Channel listener;

  public TransportServer(TransportOptions options) {
    this.options = options;
    this.boss = EventLoopGroups.create(1, "tidings-accept");
    this.workers = EventLoopGroups.create(options.eventLoopThreads(), "tidings-loop");
    this.loops = new EventLoops(workers);
  }

  /** The loops that will own the connections, numbered. */
  public EventLoops loops() {
    return loops;
  }

  /**
   * Binds {@link TransportOptions#host}:{@link TransportOptions#port} and serves {@code routes}, over TLS
   * when {@code ssl} is not null. Throws {@link IllegalStateException} if the port cannot be bound.
   */
  public void bind(Routes routes, SslContext ssl) {
    int cap = options.maxBufferedBytes();
    RouteTable table = new RouteTable(routes.http(), routes.webSocket(), r -> new WebSocketUpgrade(r.acceptor(),
        r.options(), r.listener(), loops, options.nanoClock(), ssl != null, TransportInitializer.HTTP_ONLY_HANDLERS,
        routes.errors()));
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(EventLoopGroups.serverChannel())
        .option(ChannelOption.SO_BACKLOG, options.acceptBacklog())
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(cap / 2, cap))
        .childOption(ChannelOption.SO_SNDBUF, cap)
        .childHandler(new TransportInitializer(options, routes, table, ssl));
    String where = options.host() + ":" + options.port();
    try {
      listener = b.bind(new InetSocketAddress(options.host(), options.port())).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while binding " + where);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot listen on " + where + ": " + e.getMessage(), e);
    }
  }

  /** The port actually bound. */
  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** Closes the listener and every connection, and stops the loops. */
  @Override
  public void close() {
    if (listener != null) listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
