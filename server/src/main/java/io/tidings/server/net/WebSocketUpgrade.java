package io.tidings.server.net;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.tidings.server.app.App;
import io.tidings.server.http.HttpResponses;
import io.tidings.server.pusher.PusherConnection;
import io.tidings.server.pusher.PusherProtocol;
import io.tidings.server.pusher.PusherSocketHandler;
import io.tidings.server.pusher.ServerContext;

/**
 * Turns an HTTP request for {@code /app/{key}} into a Pusher WebSocket: finds the app, performs the
 * RFC 6455 handshake (no extensions), swaps the HTTP handlers for the WebSocket ones and hands the
 * connection to the protocol. Like Soketi, an unknown or disabled app still gets the upgrade and then a
 * {@code pusher:error} with the close code, which is what Pusher clients expect; so does a key that
 * cannot be looked up while the app store is unreachable (4100, retry with backoff).
 *
 * <p>Stateless; runs on the connection's event loop.
 */
public final class WebSocketUpgrade {

  private final ServerContext ctx;
  private final PusherProtocol protocol;
  private final WebSocketDecoderConfig decoderConfig;

  public WebSocketUpgrade(ServerContext ctx, PusherProtocol protocol) {
    this.ctx = ctx;
    this.protocol = protocol;
    this.decoderConfig = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(ctx.config().webSocket().maxMessageBytes())
        .allowExtensions(false)
        .expectMaskedFrames(true)
        .allowMaskMismatch(false)
        // PusherSocketHandler sends the close frame and lingers: closing at once would reset a socket
        // whose client is still sending, and the client would never read the close code.
        .closeOnProtocolViolation(false)
        .withUTF8Validator(true)
        .build();
  }

  /** Upgrades {@code req} (still owned by the caller; retained here as long as needed). */
  public void upgrade(ChannelHandlerContext chc, FullHttpRequest req, String appKey) {
    if (!req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
      chc.writeAndFlush(HttpResponses.error(400, "Expected a WebSocket upgrade.", false))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    String url = (ctx.config().ssl().enabled() ? "wss://" : "ws://") + req.headers().get(HttpHeaderNames.HOST, "localhost")
        + req.uri();
    WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, null, decoderConfig)
        .newHandshaker(req);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(chc.channel());
      return;
    }
    FullHttpRequest held = req.retainedDuplicate();
    ctx.apps().findByKey(appKey).whenComplete((app, err) -> {
      Runnable finish = () -> finish(chc, held, handshaker, appKey, err == null ? app : null, err);
      if (chc.executor().inEventLoop()) finish.run(); else chc.executor().execute(finish);
    });
  }

  private void finish(ChannelHandlerContext chc, FullHttpRequest req, WebSocketServerHandshaker handshaker,
      String appKey, App app, Throwable lookupError) {
    try {
      if (!chc.channel().isActive()) return;
      ChannelPipeline p = chc.pipeline();
      for (String name : ServerInitializer.HTTP_ONLY_HANDLERS) {
        if (p.get(name) != null) p.remove(name);
      }
      handshaker.handshake(chc.channel(), req).addListener(f -> {
        if (!f.isSuccess()) {
          chc.channel().close();
          return;
        }
        if (lookupError != null) {
          // The app store is unreachable and this key is not cached: a retryable Pusher error, which
          // clients understand, rather than a failed handshake, which they report as a network error.
          protocol.refuseAppStoreUnreachable(chc.channel());
          return;
        }
        // The handshaker alone does not validate UTF-8 (only WebSocketServerProtocolHandler adds this):
        // broken text closes with 1007 here instead of reaching the JSON parser.
        p.addLast("ws-utf8", new Utf8FrameValidator(false));
        p.addLast("ws-aggregator", new WebSocketFrameAggregator(ctx.config().webSocket().maxMessageBytes()));
        PusherConnection c = protocol.open(chc.channel(), appKey, app);
        if (c != null) {
          p.addLast("pusher", new PusherSocketHandler(protocol, c, ctx));
          if (!c.channel().isActive()) protocol.onClose(c); // closed before the handler could see it
        }
      });
    } finally {
      req.release();
    }
  }
}
