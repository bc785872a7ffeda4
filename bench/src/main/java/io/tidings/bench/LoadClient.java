package io.tidings.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's network side: the event loops every client connection of a run lives on (native
 * epoll), and how connections are opened. Source addresses rotate over {@code 127.0.0.2…} so that a run
 * never runs short of ephemeral ports (28k per source/destination pair) however many TIME_WAIT sockets
 * earlier rounds left.
 *
 * <p><b>Busy polling</b> ({@code bench/run … --busy-poll}): the loops spin on a non-blocking
 * {@code epoll_wait} instead of sleeping in it. Why: at a low fixed rate every delivery to a sleeping load
 * generator costs a wake-up — paid by the server's {@code write()} on loopback and by the generator's
 * read — and with 1,000 subscribers on one core those wake-ups alone spread one message's deliveries over
 * about as many milliseconds as the fastest server needs, so every server's p99 is the instrument's. Spinning
 * takes the wake-ups out for every server alike; the generator then shows 100 % CPU whatever the load.
 *
 * <p>Thread-safe.
 */
public final class LoadClient implements AutoCloseable {

  /** Connections per source address before moving to the next one. */
  private static final int CONNECTIONS_PER_SOURCE = 10_000;

  private final EventLoopGroup group;
  private final EventLoop[] loops;
  private final boolean epoll = Epoll.isAvailable();
  private int opened;
  private int firstSource = 2;

  public LoadClient(int threads) {
    this(threads, false);
  }

  /** @param busyPoll spin on epoll instead of sleeping in it (see the class comment); epoll only */
  public LoadClient(int threads, boolean busyPoll) {
    IoHandlerFactory io = !epoll ? NioIoHandler.newFactory()
        : busyPoll ? EpollIoHandler.newFactory(0, () -> (selectNow, hasTasks) -> SelectStrategy.BUSY_WAIT)
        : EpollIoHandler.newFactory();
    this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bench-loop", true), io);
    this.loops = new EventLoop[threads];
    var it = group.iterator();
    for (int i = 0; i < threads; i++) loops[i] = (EventLoop) it.next();
  }

  public int loopCount() {
    return loops.length;
  }

  public EventLoop loop(int i) {
    return loops[i];
  }

  /** Starts later connections from a fresh range of source addresses (one range per round). */
  public synchronized void rotateSources(int round) {
    firstSource = 2 + (round * 3) % 200;
    opened = 0;
  }

  /** Opens a TCP connection to {@code host:port} on loop {@code loop}, with {@code handler} as its only handler. */
  public ChannelFuture connect(String host, int port, int loop, ChannelHandler handler) {
    String source;
    synchronized (this) {
      source = "127.0.0." + (firstSource + opened / CONNECTIONS_PER_SOURCE);
      opened++;
    }
    Bootstrap b = new Bootstrap()
        .group(loops[loop])
        .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        // An RST at close instead of TIME_WAIT: rounds open tens of thousands of sockets.
        .option(ChannelOption.SO_LINGER, 0)
        .handler(handler);
    return b.connect(new InetSocketAddress(host, port), new InetSocketAddress(source, 0));
  }

  /** Runs {@code task} on loop {@code loop} and waits for its result. */
  public <T> T onLoop(int loop, Callable<T> task) {
    try {
      return loops[loop].submit(task).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("load generator loop task failed", e);
    }
  }

  /** Closes {@code c} and waits a little for it. */
  public static void closeQuietly(Channel c) {
    if (c != null) c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
