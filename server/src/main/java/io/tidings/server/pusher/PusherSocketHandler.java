package io.tidings.server.pusher;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an upgraded connection: turns WebSocket frames into protocol calls. Control
 * frames are answered here; a frame over the size limit closes the connection with 1009, broken UTF-8
 * with 1007 (Netty's decoder sends those close frames; this handler counts them).
 *
 * <p>One instance per connection; runs on its event loop.
 */
public final class PusherSocketHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(PusherSocketHandler.class);

  private final PusherProtocol protocol;
  private final PusherConnection connection;
  private final ServerContext ctx;

  public PusherSocketHandler(PusherProtocol protocol, PusherConnection connection, ServerContext ctx) {
    this.protocol = protocol;
    this.connection = connection;
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext chc, Object msg) {
    try {
      if (msg instanceof TextWebSocketFrame text) {
        protocol.onText(connection, text.content());
      } else if (msg instanceof BinaryWebSocketFrame) {
        protocol.onBinary(connection);
      } else if (msg instanceof PingWebSocketFrame ping) {
        connection.lastActivityNanos = System.nanoTime();
        chc.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
      } else if (msg instanceof PongWebSocketFrame) {
        connection.lastActivityNanos = System.nanoTime();
      } else if (msg instanceof CloseWebSocketFrame close) {
        chc.writeAndFlush(new CloseWebSocketFrame(close.statusCode() > 0 ? close.statusCode() : 1000, ""))
            .addListener(ChannelFutureListener.CLOSE);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext chc) {
    protocol.onClose(connection);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext chc, Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      ctx.metrics().badFrame("too_big");
      chc.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG))
          .addListener(ChannelFutureListener.CLOSE);
    } else if (cause instanceof CorruptedFrameException) {
      ctx.metrics().badFrame("corrupted"); // the decoder already sent the close frame
      chc.close();
    } else if (cause instanceof IOException) {
      chc.close(); // the peer went away
    } else {
      log.warn("Closing {} after an unexpected error", connection, cause);
      chc.close();
    }
  }
}
