package io.tidings.transport.websocket;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an upgraded connection: turns WebSocket frames into {@link WebSocketHandler} calls.
 * Control frames are answered here; a message over the size limit closes the connection with 1009,
 * broken UTF-8 with 1007, any other broken frame with 1002: this handler sends the close frame (the
 * decoders are told not to), counts it, and drains the client until it closes or the linger runs out.
 * Every frame that arrives marks the connection active.
 *
 * <p>One instance per connection; runs on its event loop.
 */
final class WebSocketFrameHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(WebSocketFrameHandler.class);

  /** A close frame's reason must fit in 123 bytes; ASCII messages up to this length do. */
  private static final int MAX_CLOSE_REASON_CHARS = 100;

  private final WebSocketConnection connection;
  private final WebSocketListener listener;
  /** Set once the client broke the protocol; from then on its input is only drained. */
  private boolean violated;

  WebSocketFrameHandler(WebSocketConnection connection, WebSocketListener listener) {
    this.connection = connection;
    this.listener = listener;
  }

  @Override
  public void channelRead(ChannelHandlerContext chc, Object msg) {
    try {
      WebSocketHandler handler = connection.handler();
      if (violated || connection.isClosing() || handler == null) {
        // Lingering after a violation or after the server closed it (or refused it): the client's
        // remaining frames are only drained, and its close frame (or FIN) ends the connection.
        if (msg instanceof CloseWebSocketFrame) chc.close();
        return;
      }
      connection.markActivity();
      if (msg instanceof TextWebSocketFrame text) {
        handler.onText(connection, text.content());
      } else if (msg instanceof BinaryWebSocketFrame binary) {
        handler.onBinary(connection, binary.content());
      } else if (msg instanceof PingWebSocketFrame ping) {
        chc.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
      } else if (msg instanceof CloseWebSocketFrame close) {
        chc.writeAndFlush(new CloseWebSocketFrame(close.statusCode() > 0 ? close.statusCode() : 1000, ""))
            .addListener(ChannelFutureListener.CLOSE);
      }
      // A pong needs nothing more than the activity mark.
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void violation(String reason, WebSocketCloseStatus status, String text) {
    if (violated) return;
    violated = true;
    listener.violation(connection, reason);
    String closeReason = text == null || text.length() > MAX_CLOSE_REASON_CHARS ? status.reasonText() : text;
    connection.closeAfterViolation(status.code(), closeReason);
  }

  @Override
  public void channelInactive(ChannelHandlerContext chc) {
    connection.reportClosed();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext chc, Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      // A fragmented message whose parts add up to more than the limit (the aggregator's check).
      violation("too_big", WebSocketCloseStatus.MESSAGE_TOO_BIG, null);
    } else if (cause instanceof CorruptedWebSocketFrameException e) {
      // The decoder's checks (a frame over the limit: 1009) and the UTF-8 validator's (1007).
      violation(e.closeStatus() == WebSocketCloseStatus.MESSAGE_TOO_BIG ? "too_big" : "corrupted", e.closeStatus(),
          e.getMessage());
    } else if (cause instanceof CorruptedFrameException) {
      violation("corrupted", WebSocketCloseStatus.PROTOCOL_ERROR, null);
    } else if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) {
      chc.close(); // the peer went away (in the middle of a fragmented message, for the second)
    } else {
      log.warn("Closing {} after an unexpected error", connection, cause);
      chc.close();
    }
  }
}
