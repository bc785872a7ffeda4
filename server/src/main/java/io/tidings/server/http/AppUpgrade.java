package io.tidings.server.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.tidings.server.channels.ConnectionActivity;
import io.tidings.server.channels.ConnectionInfo;
import io.tidings.server.pusher.PusherProtocol;
import io.tidings.server.context.ServerContext;
import io.tidings.transport.websocket.WebSocketAcceptor;
import io.tidings.transport.websocket.WebSocketHandshake;

/**
 * The WebSocket route of the main port, {@code /app/{key}} under {@code SOKETI_PATH_PREFIX}: finds the
 * app by its key, then lets the transport perform the handshake and hands the connection to the
 * protocol. Like Soketi, an unknown or disabled app still gets the upgrade and then a
 * {@code pusher:error} with the close code, which is what Pusher clients expect; so does a key that
 * cannot be looked up while the app store is unreachable (4100, retry with backoff). A longer path under
 * {@code /app/} is an empty 404, as any unknown route.
 *
 * <p>Stateless; {@link #onUpgrade} runs on the connection's event loop, the lookup completes on any thread.
 */
public final class AppUpgrade implements WebSocketAcceptor {

  private final ServerContext ctx;
  private final PusherProtocol protocol;

  public AppUpgrade(ServerContext ctx, PusherProtocol protocol) {
    this.ctx = ctx;
    this.protocol = protocol;
  }

  /** The path prefix this route is registered under. */
  public static String routePrefix(String pathPrefix) {
    return pathPrefix + "/app/";
  }

  @Override
  public void onUpgrade(FullHttpRequest req, WebSocketHandshake handshake) {
    String rawPath = new QueryStringDecoder(req.uri()).rawPath();
    String[] parts = HttpRouter.segments(rawPath.substring(ctx.config().pathPrefix().length()));
    if (parts.length != 2 || !parts[0].equals("app")) {
      handshake.refuse(HttpResponses.empty(HttpResponseStatus.NOT_FOUND));
      return;
    }
    String appKey = parts[1];
    ConnectionInfo info = ctx.localApps().activity() == ConnectionActivity.NONE ? null : info(req);
    ctx.apps().findByKey(appKey).whenComplete((app, err) -> handshake.accept(ws -> err != null
        // The app store is unreachable and this key is not cached: a retryable Pusher error, which
        // clients understand, rather than a failed handshake, which they report as a network error.
        ? protocol.refuseAppStoreUnreachable(ws)
        : protocol.open(ws, appKey, app, info == null ? null : info.withAddress(ws.remoteAddress()))));
  }

  /** What an observer is shown of the upgrade request (only built when someone watches). */
  private ConnectionInfo info(FullHttpRequest req) {
    java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
    req.headers().forEach(h -> headers.merge(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue(), (a, b) -> a + ", " + b));
    return new ConnectionInfo(req.uri(), headers, "", ctx.config().ssl().enabled(), System.currentTimeMillis());
  }
}
