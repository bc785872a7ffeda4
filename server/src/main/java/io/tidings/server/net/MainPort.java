package io.tidings.server.net;

import io.tidings.admin.ui.AdminUiFiles;
import io.tidings.server.config.ServerConfig;
import io.tidings.socketio.SocketIoServer;
import io.tidings.server.http.AppUpgrade;
import io.tidings.server.http.HttpResponses;
import io.tidings.server.http.HttpRouter;
import io.tidings.server.pusher.PusherProtocol;
import io.tidings.server.context.ServerContext;
import io.tidings.server.pusher.SocketCounts;
import io.tidings.transport.Routes;
import io.tidings.transport.TransportOptions;
import io.tidings.transport.TransportServer;
import io.tidings.transport.loop.EventLoops;
import io.tidings.transport.websocket.WebSocketOptions;

/**
 * The main port (WebSocket and HTTP API) on the transport: Soketi's settings turned into the transport's
 * options, and the Pusher routes — {@code /app/{key}} upgrades ({@link AppUpgrade}), every other request to
 * the {@link HttpRouter} — with Soketi's error bodies and CORS headers. The loops exist from construction
 * because the per-loop registries are built from them; {@link #bind} follows once the protocol is ready.
 *
 * <p>Thread-safe for {@link #close}; {@link #bind} once.
 */
public final class MainPort implements AutoCloseable {

  private final ServerConfig config;
  private final TransportServer transport;

  public MainPort(ServerConfig config) {
    this.config = config;
    this.transport = new TransportServer(TransportOptions.newBuilder()
        .host(config.host())
        .port(config.port())
        .eventLoopThreads(config.eventLoopThreads())
        .maxBufferedBytes(config.webSocket().maxBufferedBytes())
        .requestTimeoutMillis(config.http().requestTimeout().toMillis())
        .maxRequestBodyBytes((int) Math.min(Integer.MAX_VALUE - 8, config.http().requestLimitBytes()))
        .build());
  }

  public EventLoops loops() {
    return transport.loops();
  }

  /** Binds the main port; throws if it cannot (a {@code ConfigException} naming the variable for bad TLS files). */
  public void bind(ServerContext ctx, PusherProtocol protocol) {
    bind(ctx, protocol, null);
  }

  /**
   * As {@link #bind(ServerContext, PusherProtocol)}, with the admin UI when {@code adminIo} is not null: its
   * files at {@code SOKETI_ADMIN_UI_PATH} and {@code adminIo} (the Socket.IO server of the admin namespace)
   * at its own path.
   */
  public void bind(ServerContext ctx, PusherProtocol protocol, SocketIoServer adminIo) {
    int maxMessage = config.webSocket().maxMessageBytes();
    WebSocketOptions ws = WebSocketOptions.newBuilder().maxFramePayloadBytes(maxMessage).maxMessageBytes(maxMessage).build();
    Routes.Builder routes = Routes.newBuilder()
        .webSocket(AppUpgrade.routePrefix(config.pathPrefix()), new AppUpgrade(ctx, protocol), ws, new SocketCounts(ctx.metrics()))
        .http("/", new HttpRouter(ctx))
        .errors(HttpResponses.ERRORS)
        .cors(HttpResponses.CORS);
    if (adminIo != null) {
      AdminUiFiles files = AdminUiFiles.at(config.adminUi().path());
      routes.http(files.routePrefix(), files);
      adminIo.attach(transport, routes);
    }
    transport.bind(routes.build(), TlsContext.fromConfig(config.ssl()));
  }

  public int port() {
    return transport.port();
  }

  /** Closes the listener and every connection, and stops the loops. */
  @Override
  public void close() {
    transport.close();
  }
}
