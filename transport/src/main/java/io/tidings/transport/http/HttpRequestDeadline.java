package io.tidings.transport.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cuts off slow HTTP clients: a request must arrive whole within the request timeout of its first byte
 * (slowloris), and a keep-alive connection may sit idle between requests for twice that. A late request
 * gets the protocol's 408 and the connection closes, whether its headers or its body were late. The first
 * byte is seen by {@link #firstByteWatcher()}, which sits ahead of the HTTP decoder (the decoder hands over
 * nothing until the headers are complete, so a client trickling its headers would otherwise be closed
 * without an answer, at the idle deadline).
 *
 * <pre>
 *   IDLE ──first byte──► RECEIVING ──last byte──► ANSWERING ──final response written──► IDLE
 *   (idle timer: close)  (request timer: 408)     (no timer: the handler holds the request)
 * </pre>
 *
 * A request that arrived whole is the handler's until it is answered, however long that takes (a
 * long-poll, a database lookup): no timer runs meanwhile, and bytes of a next request pipelined behind it
 * start that request's timer only once the answer is out.
 *
 * <p>Both handlers are removed when the connection becomes a WebSocket. One instance per connection, on
 * its event loop.
 */
public final class HttpRequestDeadline extends ChannelDuplexHandler {

  private final long timeoutMillis;
  private final HttpErrors errors;
  private ScheduledFuture<?> deadline;
  /** A request has begun and has not fully arrived. */
  private boolean receiving;
  /** Requests that fully arrived and whose final response has not been written. */
  private int unanswered;
  private ChannelHandlerContext self;

  public HttpRequestDeadline(long timeoutMillis, HttpErrors errors) {
    this.timeoutMillis = timeoutMillis;
    this.errors = errors;
  }

  /** The handler to put ahead of the HTTP decoder: bytes on an idle connection start a request's deadline. */
  public ChannelInboundHandlerAdapter firstByteWatcher() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext raw, Object msg) {
        if (!receiving && self != null && raw.channel().isActive()) startReceiving(self);
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
    if (msg instanceof HttpRequest && !receiving) startReceiving(ctx);
    if (msg instanceof LastHttpContent) {
      cancel();
      receiving = false;
      unanswered++;
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    // A final response went out (not "100 Continue"): once none is owed, the next deadline starts.
    if (msg instanceof HttpResponse response && response.status().code() >= 200) {
      if (unanswered > 0) unanswered--;
      promise = promise.unvoid();
      promise.addListener(f -> {
        if (ctx.channel().isActive() && unanswered == 0 && deadline == null) {
          arm(ctx, receiving ? timeoutMillis : timeoutMillis * 2, receiving);
        }
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

  private void startReceiving(ChannelHandlerContext ctx) {
    receiving = true;
    if (unanswered == 0) arm(ctx, timeoutMillis, true);
  }

  private void arm(ChannelHandlerContext ctx, long millis, boolean request) {
    cancel();
    deadline = ctx.executor().schedule(() -> {
      deadline = null;
      if (!ctx.channel().isActive()) return;
      if (request) {
        receiving = false;
        ctx.writeAndFlush(HttpErrors.withLength(errors.error(408, "The request took too long to arrive.")))
            .addListener(ChannelFutureListener.CLOSE);
      } else {
        ctx.close();
      }
    }, millis, TimeUnit.MILLISECONDS);
  }

  private void cancel() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }
}
