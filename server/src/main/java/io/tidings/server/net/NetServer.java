package io.tidings.server.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.tidings.server.config.ServerConfig;
import io.tidings.server.pusher.PusherProtocol;
import io.tidings.server.pusher.ServerContext;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The main listener (WebSocket + HTTP API) and its event loops. The loops exist before the port is
 * bound because the per-loop registries are built from them.
 *
 * <p>Thread-safe for {@link #close}; {@link #bind} once.
 */
public final class NetServer implements AutoCloseable {

  /** Pending connections the kernel may queue while the loops accept. */
  private static final int ACCEPT_BACKLOG = 4096;

  private final ServerConfig config;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private Channel listener;

  public NetServer(ServerConfig config) {
    this.config = config;
    this.boss = EventLoopGroups.create(1, "tidings-accept");
    this.workers = EventLoopGroups.create(config.eventLoopThreads(), "tidings-loop");
  }

  public EventLoopGroup workers() {
    return workers;
  }

  /** Binds the main port; throws if it cannot. */
  public void bind(ServerContext ctx, PusherProtocol protocol) {
    SslContext ssl = TlsContext.fromConfig(config.ssl());
    int cap = config.webSocket().maxBufferedBytes();
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(EventLoopGroups.serverChannel())
        .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(cap / 2, cap))
        // The kernel's send buffer is bounded by the same cap: left to autotuning it grows to 4 MB per
        // socket, so a client that stops reading would be closed only after minutes and megabytes.
        .childOption(ChannelOption.SO_SNDBUF, cap)
        .childHandler(new ServerInitializer(ctx, new WebSocketUpgrade(ctx, protocol), ssl));
    try {
      listener = b.bind(new InetSocketAddress(config.host(), config.port())).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while binding " + config.host() + ":" + config.port());
    } catch (Exception e) {
      throw new IllegalStateException("Cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
  }

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
