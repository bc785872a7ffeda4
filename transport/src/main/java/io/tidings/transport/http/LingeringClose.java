package io.tidings.transport.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.TimeUnit;

/**
 * Ends an HTTP connection after a refusal without losing the refusal: the answer, then our FIN, then a
 * close a second later. Meanwhile what the client still sends is read and dropped by the caller's handler;
 * closing at once would leave it unread, the kernel would answer with a reset, and the client would lose
 * the answer. Called on the connection's event loop.
 */
final class LingeringClose {

  /** How long a client may take to close its side after our answer, or to finish a refused body. */
  static final long LINGER_MILLIS = 1000;

  private LingeringClose() {}

  /** Writes {@code answer}, half-closes once it is written, and closes after {@link #LINGER_MILLIS}. */
  static void answerThenClose(ChannelHandlerContext ctx, Object answer) {
    ctx.writeAndFlush(answer).addListener(f -> {
      if (ctx.channel() instanceof DuplexChannel duplex && duplex.isActive()) duplex.shutdownOutput();
    });
    ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
  }
}
