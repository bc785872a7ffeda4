package io.tidings.server.net;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.tidings.server.http.HttpResponses;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cuts off slow HTTP clients: a request must arrive whole within the request timeout of its first
 * byte (slowloris), and a keep-alive connection may sit idle between requests for twice that. A late
 * request gets 408 and the connection closes, whether its headers or its body were late. The first byte
 * is seen by {@link #firstByteWatcher()}, which sits ahead of the HTTP decoder (the decoder hands over
 * nothing until the headers are complete, so a client trickling its headers used to be closed without an
 * answer, at the idle deadline). Both are removed when the connection becomes a WebSocket.
 *
 * <p>One instance per connection, on its event loop.
 */
final class HttpRequestDeadline extends ChannelDuplexHandler {

  private final long timeoutMillis;
  private ScheduledFuture<?> deadline;
  private boolean inRequest;
  private ChannelHandlerContext self;

  HttpRequestDeadline(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  /** The handler to put ahead of the HTTP decoder: bytes on an idle connection start a request's deadline. */
  ChannelInboundHandlerAdapter firstByteWatcher() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext raw, Object msg) {
        if (!inRequest && self != null && raw.channel().isActive()) arm(self, timeoutMillis, true);
        raw.fireChannelRead(msg);
      }
    };
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    self = ctx;
    arm(ctx, timeoutMillis * 2, false);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof HttpRequest && !inRequest) arm(ctx, timeoutMillis, true);
    if (msg instanceof LastHttpContent) cancel();
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    // A response went out: the connection is idle until the next request.
    if (msg instanceof io.netty.handler.codec.http.HttpResponse) {
      promise = promise.unvoid();
      promise.addListener(f -> {
        if (ctx.channel().isActive() && deadline == null) arm(ctx, timeoutMillis * 2, false);
      });
    }
    super.write(ctx, msg, promise);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancel();
    super.channelInactive(ctx);
  }

  private void arm(ChannelHandlerContext ctx, long millis, boolean inRequest) {
    cancel();
    this.inRequest = inRequest;
    deadline = ctx.executor().schedule(() -> {
      deadline = null;
      this.inRequest = false;
      if (!ctx.channel().isActive()) return;
      if (inRequest) {
        ctx.writeAndFlush(HttpResponses.error(408, "The request took too long to arrive.", false))
            .addListener(ChannelFutureListener.CLOSE);
      } else {
        ctx.close();
      }
    }, millis, TimeUnit.MILLISECONDS);
  }

  private void cancel() {
    inRequest = false;
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }
}
