package io.tidings.transport.websocket;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.tidings.transport.http.HttpErrors;
import io.tidings.transport.http.HttpExchange;
import io.tidings.transport.loop.EventLoops;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an upgrade request into a WebSocket for one route: checks the WebSocket version (426 when it is
 * not 13) and the key (400 without one), asks the route's {@link WebSocketAcceptor}, and once it accepts performs the RFC 6455
 * handshake (no extensions: compression stays off), swaps the HTTP handlers for the WebSocket ones and
 * hands the protocol its {@link WebSocketConnection}:
 *
 * <pre>
 *   [tls] → wsencoder → wsdecoder → ws-utf8 → ws-aggregator → ws-frames
 * </pre>
 *
 * <p><b>Threading:</b> one instance per route, shared by all connections; {@link #upgrade} runs on the
 * connection's loop, and the acceptor's answer hops back onto it.
 */
public final class WebSocketUpgrade {

  private static final Logger log = LoggerFactory.getLogger(WebSocketUpgrade.class);

  private final WebSocketAcceptor acceptor;
  private final WebSocketOptions options;
  private final WebSocketListener listener;
  private final EventLoops loops;
  private final LongSupplier nanoClock;
  private final boolean tls;
  private final List<String> httpHandlers;
  private final HttpErrors errors;
  private final WebSocketDecoderConfig decoderConfig;

  /**
   * @param nanoClock    the clock of the connections' activity times
   * @param tls          true when the port speaks TLS ({@code wss://})
   * @param httpHandlers the names of the pipeline's HTTP-only handlers, removed on the upgrade
   * @param errors       the protocol's error bodies (a request that is no handshake gets 400)
   */
  public WebSocketUpgrade(WebSocketAcceptor acceptor, WebSocketOptions options, WebSocketListener listener,
      EventLoops loops, LongSupplier nanoClock, boolean tls, List<String> httpHandlers, HttpErrors errors) {
    this.acceptor = acceptor;
    this.options = options;
    this.listener = listener;
    this.loops = loops;
    this.nanoClock = nanoClock;
    this.tls = tls;
    this.httpHandlers = List.copyOf(httpHandlers);
    this.errors = errors;
    this.decoderConfig = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(options.maxFramePayloadBytes())
        .allowExtensions(false)
        .expectMaskedFrames(true)
        .allowMaskMismatch(false)
        // WebSocketFrameHandler sends the close frame and lingers: closing at once would reset a socket
        // whose client is still sending, and the client would never read the close code.
        .closeOnProtocolViolation(false)
        .withUTF8Validator(true)
        .build();
  }

  /**
   * Upgrades {@code req}, a {@code GET} with {@code Upgrade: websocket} (still owned by the caller), or
   * answers through {@code exchange} when it cannot be or the protocol refuses it. On the loop.
   */
  public void upgrade(ChannelHandlerContext chc, FullHttpRequest req, HttpExchange exchange) {
    String url = (tls ? "wss://" : "ws://") + req.headers().get(HttpHeaderNames.HOST, "localhost") + req.uri();
    WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, null, decoderConfig)
        .newHandshaker(req);
    if (handshaker == null) {
      exchange.respond(unsupportedVersion());
      return;
    }
    if (!req.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_KEY)) {
      // The handshaker would throw only once the HTTP handlers are gone; answer while this is still HTTP.
      exchange.respond(errors.error(400, "Not a WebSocket handshake: Sec-WebSocket-Key is missing."));
      return;
    }
    // The handshake needs only the headers; a copy of them outlives the request without a buffer to release.
    FullHttpRequest held = new DefaultFullHttpRequest(req.protocolVersion(), req.method(), req.uri(),
        Unpooled.EMPTY_BUFFER, req.headers().copy(), EmptyHttpHeaders.INSTANCE);
    acceptor.onUpgrade(req, new Pending(chc, handshaker, held, exchange));
  }

  /** Netty's answer to an unsupported version (426 naming version 13), through the exchange. */
  private static FullHttpResponse unsupportedVersion() {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.UPGRADE_REQUIRED,
        Unpooled.EMPTY_BUFFER);
    r.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, WebSocketVersion.V13.toHttpHeaderValue());
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
    return r;
  }

  /** One upgrade waiting for the acceptor. Answered once; any thread. */
  private final class Pending implements WebSocketHandshake {
    private final ChannelHandlerContext chc;
    private final WebSocketServerHandshaker handshaker;
    private final FullHttpRequest req;
    private final HttpExchange exchange;
    private final AtomicBoolean answered = new AtomicBoolean();

    Pending(ChannelHandlerContext chc, WebSocketServerHandshaker handshaker, FullHttpRequest req, HttpExchange exchange) {
      this.chc = chc;
      this.handshaker = handshaker;
      this.req = req;
      this.exchange = exchange;
    }

    @Override
    public void accept(Function<WebSocketConnection, WebSocketHandler> open) {
      if (!answered.compareAndSet(false, true)) return;
      EventLoop loop = chc.channel().eventLoop();
      if (loop.inEventLoop()) finish(open); else loop.execute(() -> finish(open));
    }

    @Override
    public void refuse(FullHttpResponse response) {
      if (!answered.compareAndSet(false, true)) {
        response.release();
        return;
      }
      exchange.respond(response);
    }

    @Override
    public EventLoop eventLoop() {
      return chc.channel().eventLoop();
    }

    @Override
    public SocketAddress remoteAddress() {
      return chc.channel().remoteAddress();
    }

    @Override
    public boolean secure() {
      return tls;
    }

    private void finish(Function<WebSocketConnection, WebSocketHandler> open) {
      Channel channel = chc.channel();
      if (!channel.isActive()) return;
      ChannelPipeline p = chc.pipeline();
      for (String name : httpHandlers) {
        if (p.get(name) != null) p.remove(name);
      }
      ChannelFuture handshake;
      try {
        handshake = handshaker.handshake(channel, req);
      } catch (RuntimeException e) {
        log.warn("Closing {}: the WebSocket handshake failed", channel.remoteAddress(), e);
        channel.close();
        return;
      }
      handshake.addListener(f -> {
        if (!f.isSuccess()) {
          channel.close();
          return;
        }
        int loop = loops.indexOf(channel.eventLoop());
        WebSocketConnection c = new WebSocketConnection(channel, loop, loops.flusher(loop), listener,
            options.closeLingerMillis(), nanoClock);
        // The handshaker alone does not validate UTF-8 (only WebSocketServerProtocolHandler adds this):
        // broken text closes with 1007 here instead of reaching the protocol.
        p.addLast("ws-utf8", new Utf8FrameValidator(false));
        p.addLast("ws-aggregator", new WebSocketFrameAggregator(options.maxMessageBytes()));
        p.addLast("ws-frames", new WebSocketFrameHandler(c, listener));
        WebSocketHandler handler;
        try {
          handler = open.apply(c);
        } catch (RuntimeException e) {
          log.warn("Closing {}: the protocol failed to open it", c, e);
          channel.close();
          return;
        }
        c.handler(handler);
        if (!channel.isActive()) c.reportClosed(); // closed before the handler could see it
      });
    }
  }
}
