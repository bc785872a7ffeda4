package io.tidings.server.net;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.tidings.server.http.HttpResponses;

/**
 * Collects a request's body up to the limit ({@code httpApi.requestLimitInMb}); a larger one gets
 * Soketi's real 413 {@code {"error":"The payload size is too big.","code":413}} and the connection
 * closes, so the rest of the body is never read into memory.
 */
final class BodyLimit extends HttpObjectAggregator {

  BodyLimit(int maxContentLength) {
    super(maxContentLength);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    ctx.writeAndFlush(HttpResponses.error(413, "The payload size is too big.", false))
        .addListener(ChannelFutureListener.CLOSE);
  }
}
