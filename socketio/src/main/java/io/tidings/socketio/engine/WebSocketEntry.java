package io.tidings.socketio.engine;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.tidings.transport.websocket.WebSocketAcceptor;
import io.tidings.transport.websocket.WebSocketConnection;
import io.tidings.transport.websocket.WebSocketHandshake;
import io.tidings.transport.websocket.WebSocketListener;
import java.util.Map;

/**
 * The engine's WebSocket route: upgrade requests under the path. Checked as Node's {@code verify()} checks
 * an upgrade (a known transport, a clean {@code Origin}; with a {@code sid}, a live session speaking
 * {@code EIO=4}; without, {@code allowRequest} and {@code EIO=4}), and refused as Node's
 * {@code abortUpgrade} refuses: {@code 400}, {@code Connection: close}, the message as {@code text/html}.
 *
 * <ul>
 *   <li>Without a sid, an accepted upgrade opens a session on the connection's own loop; its first frame is
 *       the open packet (with no upgrades).</li>
 *   <li>With a sid, the WebSocket is handed to the session (on the session's loop) as an upgrade
 *       ({@link Upgrade}); a session that is closed, already upgrading or already upgraded gets it closed,
 *       as does {@code transport=polling} on an upgrade request — all after the handshake, as in Node.</li>
 * </ul>
 *
 * Node checks {@code EIO} of a handshake only after the WebSocket handshake, then writes its 400 into the
 * upgraded stream; here the 400 comes instead of the handshake.
 *
 * <p>Also the route's {@link WebSocketListener}: a protocol violation or a slow consumer the transport
 * module closes is reported to the connection's {@link WebSocketTransport}.
 *
 * <p><b>Threading:</b> one instance serves every connection; its methods run on the connection's loop.
 */
final class WebSocketEntry implements WebSocketAcceptor, WebSocketListener {

  private final EngineServer server;
  private final EngineOptions options;
  private final Refusals refusals;

  WebSocketEntry(EngineServer server, EngineOptions options, Refusals refusals) {
    this.server = server;
    this.options = options;
    this.refusals = refusals;
  }

  @Override
  public void onUpgrade(FullHttpRequest request, WebSocketHandshake handshake) {
    Map<String, String> query = HandshakeRequest.lastValues(new QueryStringDecoder(request.uri()).parameters());
    String transport = query.get("transport");
    String sid = query.get("sid");
    String eio = query.get("EIO");
    EngineError error = RequestChecks.transportAndOrigin(options, transport, request.headers().get(HttpHeaderNames.ORIGIN));
    if (error != null) {
      refuse(handshake, error, null);
      return;
    }
    boolean websocket = EngineTransport.WEBSOCKET.wireName().equals(transport);
    if (sid != null && !sid.isEmpty()) {
      EngineSession session = server.session(sid);
      if (session == null) {
        refuse(handshake, EngineError.UNKNOWN_SID, null);
      } else if (!RequestChecks.protocolFour(eio)) {
        refuse(handshake, EngineError.BAD_REQUEST, null);
      } else {
        handshake.accept(connection -> upgrade(connection, session, websocket));
      }
      return;
    }
    HandshakeRequest handshakeRequest = HandshakeRequest.of(request.uri(), request.headers(), handshake.remoteAddress(),
        handshake.secure(), options.timers().currentTimeMillis());
    server.allow(handshakeRequest, handshake.eventLoop(), (allowed, message) -> {
      if (!allowed) {
        refuse(handshake, EngineError.FORBIDDEN, message);
      } else if (!RequestChecks.protocolFour(eio)) {
        refuse(handshake, EngineError.UNSUPPORTED_PROTOCOL_VERSION, null);
      } else if (server.isClosed()) {
        handshake.refuse(EngineError.TRANSPORT_ERRORS.error(503, "The server is shutting down."));
      } else {
        handshake.accept(connection -> open(connection, handshakeRequest, websocket));
      }
    });
  }

  /** A new session over this WebSocket. On the connection's loop, which becomes the session's. */
  private WebSocketTransport open(WebSocketConnection connection, HandshakeRequest request, boolean websocket) {
    EventLoop loop = connection.eventLoop();
    WebSocketTransport transport = new WebSocketTransport(connection, loop, refusals);
    if (!websocket) {
      connection.close(WebSocketTransport.NORMAL_CLOSURE, ""); // polling does not handle upgrades
      return transport;
    }
    EngineSession session = server.newSession(loop, request, transport);
    session.open();
    server.connected(session);
    return transport;
  }

  /** A WebSocket for an existing session: offered to it as an upgrade, on its loop. */
  private WebSocketTransport upgrade(WebSocketConnection connection, EngineSession session, boolean websocket) {
    WebSocketTransport transport = new WebSocketTransport(connection, session.loop(), refusals);
    if (!websocket) {
      connection.close(WebSocketTransport.NORMAL_CLOSURE, "");
      return transport;
    }
    // Queued before any frame of this connection can reach the session's loop, so the upgrade listens first.
    EventLoop loop = session.loop();
    if (loop.inEventLoop()) session.maybeUpgrade(transport); else loop.execute(() -> session.maybeUpgrade(transport));
    return transport;
  }

  private void refuse(WebSocketHandshake handshake, EngineError error, String message) {
    refusals.refused(error.message, handshake.remoteAddress());
    handshake.refuse(error.upgradeRefusal(message));
  }

  @Override
  public void violation(WebSocketConnection connection, String reason) {
    if (connection.handler() instanceof WebSocketTransport t) t.violation(reason);
  }

  @Override
  public void slowConsumerClosed(WebSocketConnection connection) {
    if (connection.handler() instanceof WebSocketTransport t) t.slowConsumer();
  }
}
