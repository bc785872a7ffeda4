package io.tidings.transport.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.TimeUnit;

/**
 * Collects a request's body up to the limit; a larger one gets the protocol's 413 and the connection
 * ends, so the rest of the body is never kept in memory. The answer says {@code Connection: close}:
 * without it a keep-alive client (Node's default agent, so the pusher SDK) puts the socket back in its pool
 * and sends its next request on a connection we are closing, and that request fails.
 *
 * <p>The answer waits until the rest of the body has been read and dropped (or a second has passed), as
 * Soketi answers only after reading the body: a client still sending when an early answer arrives may
 * never read it (the JDK's HttpClient on a reused connection reported "header parser received no bytes").
 * Then it ends gracefully: the answer, then our FIN, while what the client still sends is drained, until
 * it closes (or another second has passed). Closing at once would leave data unread, the kernel would
 * answer with a reset, and the client would lose the 413.
 *
 * <p>One instance per connection; runs on its event loop, like every handler of its pipeline.
 */
public final class BodyLimit extends HttpObjectAggregator {

  private final HttpErrors errors;
  /** True from an oversized request's start until its 413 is written. */
  private boolean answerPending;

  public BodyLimit(int maxContentLength, HttpErrors errors) {
    // Close after refusing an "Expect: 100-continue" request, whose client then sends no body.
    super(maxContentLength, true);
    this.errors = errors;
  }

  /**
   * A request that announces an oversized body and asks to continue gets the protocol's 413 instead of
   * the aggregator's empty one.
   */
  @Override
  protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
    if (answer instanceof FullHttpResponse refused && refused.status().code() == 413) {
      refused.release();
      return tooBig();
    }
    return answer;
  }

  private FullHttpResponse tooBig() {
    FullHttpResponse tooBig = HttpErrors.withLength(errors.error(413, "The payload size is too big."));
    tooBig.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return tooBig;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    answerPending = true;
    // A client that never finishes its body gets the answer anyway.
    ctx.executor().schedule(() -> answer(ctx), LingeringClose.LINGER_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    boolean last = msg instanceof LastHttpContent;
    super.channelRead(ctx, msg); // drops a refused body's content; may find this very message over the limit
    if (last && answerPending) answer(ctx);
  }

  private void answer(ChannelHandlerContext ctx) {
    if (!answerPending) return;
    answerPending = false;
    LingeringClose.answerThenClose(ctx, tooBig());
  }
}
