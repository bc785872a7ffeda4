package io.tidings.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.ssl.SslHandler;
import io.tidings.transport.http.HttpErrors;
import io.tidings.transport.http.HttpExchange;
import java.net.SocketAddress;
import java.util.concurrent.RejectedExecutionException;

/**
 * The {@link HttpExchange} of one request taken by the {@link RequestRouter}: hops onto the connection's
 * loop, answers once, and tells the router, which then takes the next pipelined request.
 *
 * <p><b>Threading:</b> {@link #respond} and {@link #onClose} from any thread; the state is confined to
 * the connection's loop.
 */
final class RoutedExchange implements HttpExchange {

  private final RequestRouter router;
  private final Channel channel;
  private boolean answered;
  private Runnable onClose;

  RoutedExchange(RequestRouter router, Channel channel) {
    this.router = router;
    this.channel = channel;
  }

  @Override
  public void respond(FullHttpResponse response) {
    answer(response, false);
  }

  /** Answers, then closes the connection once the answer is written. */
  void respondThenClose(FullHttpResponse response) {
    answer(response, true);
  }

  private void answer(FullHttpResponse response, boolean close) {
    EventLoop loop = channel.eventLoop();
    if (!loop.inEventLoop()) {
      try {
        loop.execute(() -> answer(response, close));
      } catch (RejectedExecutionException stopped) {
        // The connection's loop has shut down (the server is stopping): its channel is gone with it, so
        // there is nobody left to answer; free the response instead of failing the caller's task.
        response.release();
      }
      return;
    }
    if (answered || !channel.isActive()) {
      answered = true;
      response.release();
      return;
    }
    answered = true;
    onClose = null;
    var written = router.write(HttpErrors.withLength(response));
    if (close) written.addListener(ChannelFutureListener.CLOSE);
    router.answered(this);
  }

  /** True once answered. On the loop. */
  boolean answered() {
    return answered;
  }

  @Override
  public void onClose(Runnable action) {
    EventLoop loop = channel.eventLoop();
    if (!loop.inEventLoop()) {
      loop.execute(() -> onClose(action));
      return;
    }
    if (answered || onClose != null) return;
    if (!channel.isActive()) {
      action.run();
      return;
    }
    onClose = action;
  }

  /** The connection ended: runs the close action if the request was never answered. On the loop. */
  void clientGone() {
    Runnable action = onClose;
    onClose = null;
    if (!answered && action != null) action.run();
  }

  @Override
  public boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  @Override
  public SocketAddress remoteAddress() {
    return channel.remoteAddress();
  }

  @Override
  public boolean secure() {
    return channel.pipeline().get(SslHandler.class) != null;
  }
}
