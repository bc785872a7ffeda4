package io.tidings.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.LastHttpContent;
import io.tidings.server.http.HttpResponses;
import java.util.concurrent.TimeUnit;

/**
 * Collects a request's body up to the limit ({@code httpApi.requestLimitInMb}); a larger one gets
 * Soketi's real 413 {@code {"error":"The payload size is too big.","code":413}} and the connection
 * ends, so the rest of the body is never kept in memory. The answer says {@code Connection: close}, as
 * Soketi's does: without it a keep-alive client (Node's default agent, so the pusher SDK) puts the socket
 * back in its pool and sends its next request on a connection we are closing, and that request fails.
 *
 * <p>The answer waits until the rest of the body has been read and dropped (or a second has passed), as
 * Soketi answers only after reading the body: a client still sending when an early answer arrives may
 * never read it (the JDK's HttpClient on a reused connection reported "header parser received no bytes").
 * Then it ends gracefully: the answer, then our FIN, while what the client still sends is drained, until
 * it closes (or another second has passed). Closing at once would leave data unread, the kernel would
 * answer with a reset, and the client would lose the 413.
 *
 * <p>Runs on the connection's event loop, like every handler of its pipeline.
 */
final class BodyLimit extends HttpObjectAggregator {

  BodyLimit(int maxContentLength) {
    // Close after refusing an "Expect: 100-continue" request, whose client then sends no body.
    super(maxContentLength, true);
  }

  /**
   * A request that announces an oversized body and asks to continue gets the same JSON 413 instead of
   * the aggregator's empty one (Soketi reads the body, then answers with its JSON).
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

  private static FullHttpResponse tooBig() {
    FullHttpResponse tooBig = HttpResponses.error(413, "The payload size is too big.", false);
    tooBig.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return tooBig;
  }

  /** True from an oversized request's start until its 413 is written. */
  private boolean answerPending;

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
