package io.tidings.socketio.engine;

import io.netty.channel.EventLoop;
import io.tidings.transport.Routes;
import io.tidings.transport.loop.EventLoops;
import io.tidings.transport.websocket.WebSocketOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Engine.IO v4 server that behaves as Node's engine.io 6.6: HTTP long-polling, WebSocket, the upgrade
 * from one to the other, the heartbeat, and Node's answers to bad input. It mounts on a transport's
 * {@link Routes.Builder} (or runs alone on a {@code TransportServer} of its own) and hands each new
 * session to its {@link EngineListener}.
 *
 * <pre>
 *   TransportServer transport = new TransportServer(TransportOptions.newBuilder().port(3000).build());
 *   EngineServer engine = new EngineServer(EngineOptions.DEFAULT, transport.loops(), socket -&gt; ...);
 *   Routes.Builder routes = Routes.newBuilder();
 *   engine.mount(routes);
 *   transport.bind(routes.build(), null);
 * </pre>
 *
 * <p>A session lives on the event loop of the connection that opened it. Its later requests, which may
 * come on other connections and so other loops, hop there; so does a WebSocket it upgrades to, whose
 * connection stays on its own loop (frames hop to the session, writes hop back).
 *
 * <p><b>Threading:</b> thread-safe. {@link #mount} before the transport binds; {@link #clientsCount} and
 * {@link #close} from any thread. The sessions table is a concurrent map looked up from every loop.
 */
public final class EngineServer {

  private static final Logger log = LoggerFactory.getLogger(EngineServer.class);

  private final EngineOptions options;
  private final EventLoops loops;
  private final EngineListener listener;
  private final Refusals refusals;
  private final SessionIds ids = new SessionIds();
  private final ConcurrentHashMap<String, EngineSession> sessions = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param loops    the transport's event loops (those of the {@code TransportServer} it will mount on)
   * @param listener told of new sessions and refused input
   */
  public EngineServer(EngineOptions options, EventLoops loops, EngineListener listener) {
    this.options = options;
    this.loops = loops;
    this.listener = listener;
    this.refusals = new Refusals(listener);
  }

  /**
   * Adds the engine's routes at {@link EngineOptions#path()}: the HTTP route (polling, and Node's answers
   * to every other request there) and, when WebSocket is enabled, the WebSocket route with
   * {@code maxHttpBufferSize} as its message limit. Also sets the builder's error bodies to Engine.IO's
   * shape ({@code {"code":3,"message":…}} for the errors the transport answers itself), and its CORS policy
   * when {@link EngineOptions#cors()} has one: both belong to the whole port.
   */
  public void mount(Routes.Builder routes) {
    routes.http(options.path(), new PollingEntry(this, options, refusals));
    if (options.enabled(EngineTransport.WEBSOCKET)) {
      WebSocketEntry entry = new WebSocketEntry(this, options, refusals);
      WebSocketOptions ws = WebSocketOptions.newBuilder()
          .maxFramePayloadBytes(options.maxHttpBufferSize())
          .maxMessageBytes(options.maxHttpBufferSize())
          .build();
      routes.webSocket(options.path(), entry, ws, entry);
    }
    routes.errors(EngineError.TRANSPORT_ERRORS);
    if (options.cors().enabled()) routes.cors(options.cors());
  }

  /** The open sessions (Node's {@code clientsCount}). */
  public int clientsCount() {
    return sessions.size();
  }

  /**
   * Closes every session at once with {@link CloseReason#SERVER_SHUTTING_DOWN} (a held poll gets the close
   * packet, a WebSocket its close frame) and refuses new handshakes with 503 from now on. Completes when
   * every session has closed. Any thread; the transport is the caller's to close afterwards.
   */
  public CompletableFuture<Void> close() {
    closed = true;
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (EngineSession session : sessions.values()) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      all.add(done);
      try {
        session.loop().execute(() -> {
          try {
            session.shutdown();
          } finally {
            done.complete(null);
          }
        });
      } catch (RejectedExecutionException e) {
        done.complete(null); // its loop is gone, and the session with it
      }
    }
    return CompletableFuture.allOf(all.toArray(new CompletableFuture[0]));
  }

  // ---- for the entries ----

  boolean isClosed() {
    return closed;
  }

  /** The live session {@code sid}, or null. Any thread. */
  EngineSession session(String sid) {
    return sessions.get(sid);
  }

  /**
   * A new session on {@code loop}, in the table from now on: its id may reach the client with the first
   * answer, and the client's next request may arrive on another loop at once. On {@code loop}.
   */
  EngineSession newSession(EventLoop loop, HandshakeRequest request, Transport transport) {
    String id = ids.next();
    EngineSession session = new EngineSession(id, loop, loops.indexOf(loop), request, options, transport, refusals,
        listener, () -> sessions.remove(id));
    sessions.put(id, session);
    return session;
  }

  /** Tells the listener of {@code session}, whose open packet is on its way. On the session's loop. */
  void connected(EngineSession session) {
    try {
      listener.onConnection(session);
    } catch (RuntimeException e) {
      log.warn("EngineListener.onConnection threw; closing session {}", session.id(), e);
      session.close();
    }
  }

  /** What {@code allowRequest} decided about a handshake. */
  interface Decided {
    void decided(boolean allowed, String message);
  }

  /**
   * Asks {@link EngineOptions#allowRequest()} about {@code request} and hands the answer to {@code then} on
   * {@code loop} (inline when the answer is already there). A failed check is a refusal.
   */
  void allow(HandshakeRequest request, EventLoop loop, Decided then) {
    if (options.allowRequest() == AllowRequest.ALLOW_ALL) {
      then.decided(true, null);
      return;
    }
    try {
      options.allowRequest().check(request).whenComplete((decision, error) -> {
        boolean allowed = error == null && decision != null && decision.success();
        String message = error == null && decision != null ? decision.message() : null;
        if (error != null) log.warn("allowRequest failed; refusing the handshake", error);
        if (loop.inEventLoop()) then.decided(allowed, message); else loop.execute(() -> then.decided(allowed, message));
      });
    } catch (RuntimeException e) {
      log.warn("allowRequest threw; refusing the handshake", e);
      then.decided(false, null);
    }
  }
}
