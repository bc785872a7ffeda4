package io.tidings.transport.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the request bodies a node holds at once, over all its connections. The per-request limit
 * ({@link BodyLimit}) alone lets a handful of clients, before any signature is checked, make the node
 * buffer more than it has: six concurrent 95 MB uploads ran a node with a 256 MB heap out of direct
 * memory, and every connection on it, WebSockets included, failed to allocate meanwhile. Here each body's
 * bytes are reserved from one node-wide budget as they arrive, ahead of the aggregation, and returned once
 * the request was handled or the connection ended. A body that cannot fit the budget at all gets 413; one
 * that does not fit beside those in flight gets 503 with {@code Retry-After: 1}; both end the connection as
 * {@link BodyLimit} does (the answer, our FIN, then the socket within a second).
 *
 * <p>The default budget is a quarter of the heap ({@link #defaultBudgetBytes}), at least
 * {@value #MIN_BUDGET_BYTES} bytes: the aggregated body lives in direct memory, whose default limit is the
 * heap's size, and a protocol may copy it once more onto the heap.
 *
 * <p><b>Threading:</b> one instance per connection, on its event loop; the {@link AtomicLong} is shared by
 * all connections of the node.
 */
public final class BodyBudget extends ChannelDuplexHandler {

  public static final long MIN_BUDGET_BYTES = 8L * 1024 * 1024;

  private final AtomicLong inFlight;
  private final long budget;
  private final HttpErrors errors;
  private long reserved;
  private boolean refusing;

  /**
   * @param inFlight the node's body bytes in flight, shared by every connection
   * @param budget   the most the node holds at once
   */
  public BodyBudget(AtomicLong inFlight, long budget, HttpErrors errors) {
    this.inFlight = inFlight;
    this.budget = budget;
    this.errors = errors;
  }

  /** A quarter of the maximum heap, at least {@value #MIN_BUDGET_BYTES}. */
  public static long defaultBudgetBytes() {
    return Math.max(MIN_BUDGET_BYTES, Runtime.getRuntime().maxMemory() / 4);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (refusing) {
      ReferenceCountUtil.release(msg); // the rest of a refused body is drained, never kept
      return;
    }
    if (msg instanceof HttpRequest req && HttpUtil.getContentLength(req, -1L) > budget) {
      refuse(ctx, HttpErrors.withLength(errors.error(413, "The payload size is too big.")), msg);
      return;
    }
    if (msg instanceof HttpContent content) {
      int n = content.content().readableBytes();
      if (n > 0 && inFlight.addAndGet(n) > budget) {
        inFlight.addAndGet(-n);
        FullHttpResponse busy = HttpErrors.withLength(
            errors.error(503, "The server is busy receiving other large requests. Retry shortly."));
        busy.headers().set("Retry-After", "1");
        refuse(ctx, busy, msg);
        return;
      }
      reserved += n;
    }
    boolean last = msg instanceof LastHttpContent;
    try {
      ctx.fireChannelRead(msg); // the aggregator hands the whole request to the router within this call
    } finally {
      if (last) giveBack();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    giveBack();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    giveBack();
  }

  private void refuse(ChannelHandlerContext ctx, FullHttpResponse answer, Object msg) {
    ReferenceCountUtil.release(msg);
    refusing = true;
    giveBack();
    LingeringClose.answerThenClose(ctx, answer);
  }

  private void giveBack() {
    if (reserved > 0) {
      inFlight.addAndGet(-reserved);
      reserved = 0;
    }
  }
}
