package io.tidings.socketio.engine;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.tidings.transport.http.HttpExchange;
import io.tidings.transport.http.HttpHandler;
import java.util.Map;

/**
 * The engine's HTTP route: every request under the path that is not a WebSocket upgrade. It checks a
 * request as Node's {@code verify()} and {@code handshake()} do, in Node's order, and answers a refusal as
 * Node's {@code abortRequest}:
 *
 * <ol>
 *   <li>a transport this server speaks, else {@code 0 "Transport unknown"}; an {@code Origin} without
 *       invalid characters, else {@code 3 "Bad request"};</li>
 *   <li>with a {@code sid}: a live session, else {@code 1 "Session ID unknown"}; its current transport and
 *       {@code EIO=4}, else {@code 3}; then the session's transport takes the request;</li>
 *   <li>without: {@code GET}, else {@code 2 "Bad handshake method"}; not {@code transport=websocket}, else
 *       {@code 3}; {@code allowRequest}, else {@code 4 "Forbidden"} (403); {@code EIO=4}, else
 *       {@code 5 "Unsupported protocol version"}; then a new session, whose open packet answers the request.</li>
 * </ol>
 *
 * A request of a session is queued on the session's event loop with what it needs from the request (the
 * body copied: the transport releases the request when this returns).
 *
 * <p><b>Threading:</b> one instance serves every connection; {@link #handle} runs on the connection's loop.
 */
final class PollingEntry implements HttpHandler {

  private final EngineServer server;
  private final EngineOptions options;
  private final Refusals refusals;

  PollingEntry(EngineServer server, EngineOptions options, Refusals refusals) {
    this.server = server;
    this.options = options;
    this.refusals = refusals;
  }

  @Override
  public void handle(FullHttpRequest request, HttpExchange exchange) {
    Map<String, String> query = HandshakeRequest.lastValues(new QueryStringDecoder(request.uri()).parameters());
    String transport = query.get("transport");
    String sid = query.get("sid");
    EngineError error = RequestChecks.transportAndOrigin(options, transport, request.headers().get(HttpHeaderNames.ORIGIN));
    if (error != null) {
      refuse(exchange, error, null);
    } else if (sid != null && !sid.isEmpty()) {
      toSession(sid, request, query, exchange);
    } else if (!request.method().equals(HttpMethod.GET)) {
      refuse(exchange, EngineError.BAD_HANDSHAKE_METHOD, null);
    } else if (EngineTransport.WEBSOCKET.wireName().equals(transport)) {
      refuse(exchange, EngineError.BAD_REQUEST, null); // a WebSocket handshake must be an upgrade
    } else {
      handshake(request, query, exchange);
    }
  }

  private void toSession(String sid, FullHttpRequest request, Map<String, String> query, HttpExchange exchange) {
    EngineSession session = server.session(sid);
    if (session == null) {
      refuse(exchange, EngineError.UNKNOWN_SID, null);
      return;
    }
    HttpMethod method = request.method();
    byte[] body = method.equals(HttpMethod.POST) ? ByteBufUtil.getBytes(request.content()) : new byte[0];
    PollingRequest polling = new PollingRequest(method, query.get("transport"), query.get("EIO"),
        request.headers().get(HttpHeaderNames.CONTENT_TYPE), body,
        PollingAnswers.oldInternetExplorer(request.headers().get(HttpHeaderNames.USER_AGENT)), exchange);
    // Always queued, even from the session's own loop: requests of one session that arrive at once on
    // connections of different loops then take their turns in the order they were read, as on Node's
    // single thread. Handled inline, a POST read on the session's loop would overtake a poll read a moment
    // earlier on another loop (a poll and a close packet sent together: the poll must get its noop).
    session.loop().execute(() -> onSessionLoop(session, polling));
  }

  private void onSessionLoop(EngineSession session, PollingRequest request) {
    if (session.isClosed()) {
      refuse(request.exchange(), EngineError.UNKNOWN_SID, null); // it closed while the request hopped here
      return;
    }
    Transport current = session.currentTransport();
    if (!current.kind().wireName().equals(request.transport()) || !RequestChecks.protocolFour(request.eio())) {
      refuse(request.exchange(), EngineError.BAD_REQUEST, null);
    } else if (current instanceof PollingTransport polling) {
      polling.onRequest(request);
    } else {
      // transport=websocket without an upgrade, for a WebSocket session: Node never answers it.
      refuse(request.exchange(), EngineError.BAD_REQUEST, null);
    }
  }

  private void handshake(FullHttpRequest request, Map<String, String> query, HttpExchange exchange) {
    EventLoop loop = exchange.eventLoop();
    HandshakeRequest handshake = HandshakeRequest.of(request.uri(), request.headers(), exchange.remoteAddress(),
        exchange.secure(), options.timers().currentTimeMillis());
    String eio = query.get("EIO");
    boolean ie = PollingAnswers.oldInternetExplorer(request.headers().get(HttpHeaderNames.USER_AGENT));
    server.allow(handshake, loop, (allowed, message) -> {
      if (!allowed) {
        refuse(exchange, EngineError.FORBIDDEN, message);
      } else if (!RequestChecks.protocolFour(eio)) {
        refuse(exchange, EngineError.UNSUPPORTED_PROTOCOL_VERSION, null);
      } else if (server.isClosed()) {
        exchange.respond(EngineError.TRANSPORT_ERRORS.error(503, "The server is shutting down."));
      } else {
        open(loop, handshake, eio, ie, exchange);
      }
    });
  }

  private void open(EventLoop loop, HandshakeRequest handshake, String eio, boolean ie, HttpExchange exchange) {
    PollingTransport transport = new PollingTransport(loop, options.timers(), options.maxHttpBufferSize(), refusals);
    EngineSession session = server.newSession(loop, handshake, transport);
    session.open();
    transport.onRequest(new PollingRequest(HttpMethod.GET, EngineTransport.POLLING.wireName(), eio, null, new byte[0],
        ie, exchange));
    server.connected(session);
  }

  private void refuse(HttpExchange exchange, EngineError error, String message) {
    refusals.refused(error.message, exchange.remoteAddress());
    exchange.respond(error.httpAnswer(message));
  }
}
