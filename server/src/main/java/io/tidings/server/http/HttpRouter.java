package io.tidings.server.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.tidings.bus.wire.JavaScriptJson;
import io.tidings.server.app.App;
import io.tidings.server.context.ServerContext;
import io.tidings.transport.http.HttpExchange;
import io.tidings.transport.http.HttpHandler;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The main port's HTTP routes (the transport hands it every request; {@code /app/{key}} upgrades go to
 * {@link AppUpgrade}): the health endpoints and the signed REST API, all under {@code SOKETI_PATH_PREFIX}.
 * API requests pass, in Soketi's order: app lookup (404), signature (401), then the endpoint's own rate
 * limit (429) and validation (400/413). Unknown routes get an empty 404. Preflights and the CORS headers
 * are the transport's ({@link HttpResponses#CORS}).
 *
 * <p>Stateless and thread-safe: one instance serves every connection, each request on its connection's
 * event loop.
 */
public final class HttpRouter implements HttpHandler {

  private final ServerContext ctx;
  private final EventsApi events;
  private final ChannelsApi channels;

  public HttpRouter(ServerContext ctx) {
    this.ctx = ctx;
    this.events = new EventsApi(ctx);
    this.channels = new ChannelsApi(ctx);
  }

  @Override
  public void handle(FullHttpRequest req, HttpExchange exchange) {
    QueryStringDecoder uri = new QueryStringDecoder(req.uri());
    String rawPath = uri.rawPath();
    String prefix = ctx.config().pathPrefix();
    if (!rawPath.startsWith(prefix)) {
      notFound(exchange);
      return;
    }
    String[] parts = segments(rawPath.substring(prefix.length()));
    HttpMethod m = req.method();
    if (parts.length == 2 && parts[0].equals("app") && m == HttpMethod.GET) {
      // An upgrade request is the transport's (AppUpgrade); this one did not ask for one.
      FullHttpResponse expected = HttpResponses.error(400, "Expected a WebSocket upgrade.", false);
      expected.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      exchange.respond(expected);
      return;
    }
    if (parts.length == 0 && m == HttpMethod.GET) {
      exchange.respond(HttpResponses.text(HttpResponseStatus.OK, "OK"));
      return;
    }
    if (parts.length == 1 && m == HttpMethod.GET && parts[0].equals("ready")) {
      exchange.respond(ready());
      return;
    }
    if (parts.length == 1 && m == HttpMethod.GET && parts[0].equals("accept-traffic")) {
      exchange.respond(acceptTraffic());
      return;
    }
    if (parts.length >= 3 && parts[0].equals("apps") && isApiPath(parts, m)) {
      api(exchange, req, rawPath, uri, parts);
      return;
    }
    notFound(exchange);
  }

  private void api(HttpExchange exchange, FullHttpRequest req, String rawPath, QueryStringDecoder uri,
      String[] parts) {
    String appId = parts[1];
    Map<String, String> params = new HashMap<>();
    try {
      uri.parameters().forEach((k, v) -> {
        if (!v.isEmpty()) params.put(k, v.get(0));
      });
    } catch (IllegalArgumentException badEscape) {
      // "%zz" in the query: Netty decodes parameters lazily and throws here, which left the request unanswered.
      FullHttpResponse unparsable = HttpResponses.error(400, "The request could not be parsed.", false);
      unparsable.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      exchange.respond(unparsable);
      return;
    }
    byte[] body = ByteBufUtil.getBytes(req.content());
    ApiCall call = new ApiCall(exchange, req.method().name(), rawPath, params, body,
        ctx.config().http().soketiStatusCodes(), ctx.metrics());
    ctx.apps().findById(appId).whenComplete((app, err) -> call.onLoop(() -> {
      if (err != null) {
        call.error(503, "The app could not be loaded: the app store is unreachable.");
      } else if (app == null) {
        call.error(404, "The app " + appId + " could not be found.");
      } else {
        authorized(call, app, parts);
      }
    }));
  }

  private void authorized(ApiCall call, App app, String[] parts) {
    call.app = app;
    if (!RequestSignature.isValid(call.method, call.rawPath, call.params, call.body, app.secret())) {
      call.error(401, "The secret authentication failed");
      return;
    }
    long window = ctx.config().http().authTimestampWindow().toSeconds();
    if (window > 0 && !freshTimestamp(call.params.get("auth_timestamp"), window)) {
      call.error(401, "The auth_timestamp is not within " + window + " seconds of the server time.");
      return;
    }
    if (!app.enabled()) {
      call.error(403, "The app is not enabled.");
      return;
    }
    dispatch(call, parts);
  }

  private void dispatch(ApiCall call, String[] p) {
    String m = call.method;
    if (p.length == 3 && m.equals("POST") && p[2].equals("events")) {
      events.events(call);
    } else if (p.length == 3 && m.equals("POST") && p[2].equals("batch_events")) {
      events.batchEvents(call);
    } else if (p.length == 3 && m.equals("GET") && p[2].equals("channels")) {
      channels.channels(call);
    } else if (p.length == 4 && m.equals("GET") && p[2].equals("channels")) {
      channels.channel(call, p[3]);
    } else if (p.length == 5 && m.equals("GET") && p[2].equals("channels") && p[4].equals("users")) {
      channels.users(call, p[3]);
    } else if (p.length == 5 && m.equals("POST") && p[2].equals("users") && p[4].equals("terminate_connections")) {
      ctx.cluster().terminateUser(call.app.id(), p[3]);
      call.respond(HttpResponses.ok());
    }
  }

  /** True for the API paths {@link #dispatch} serves (so others get an unsigned 404 at once). */
  static boolean isApiPath(String[] p, HttpMethod method) {
    String m = method.name();
    if (p.length == 3) {
      return (m.equals("POST") && (p[2].equals("events") || p[2].equals("batch_events")))
          || (m.equals("GET") && p[2].equals("channels"));
    }
    if (p.length == 4) return m.equals("GET") && p[2].equals("channels");
    if (p.length == 5) {
      return (m.equals("GET") && p[2].equals("channels") && p[4].equals("users"))
          || (m.equals("POST") && p[2].equals("users") && p[4].equals("terminate_connections"));
    }
    return false;
  }

  private FullHttpResponse ready() {
    if (!ctx.isClosing()) return HttpResponses.text(HttpResponseStatus.OK, "OK");
    boolean soketi = ctx.config().http().soketiStatusCodes();
    return HttpResponses.error(soketi ? 500 : 503, "The server is closing. Choose another server. :)", soketi);
  }

  private FullHttpResponse acceptTraffic() {
    boolean soketi = ctx.config().http().soketiStatusCodes();
    if (ctx.isClosing()) {
      return HttpResponses.error(soketi ? 500 : 503, "The server is closing. Choose another server. :)", soketi);
    }
    Runtime rt = Runtime.getRuntime();
    long used = rt.totalMemory() - rt.freeMemory();
    long total = rt.maxMemory();
    double percent = used * 100.0 / total;
    if (percent > ctx.config().http().acceptTrafficThreshold()) {
      return HttpResponses.error(soketi ? 500 : 503, "Low on memory here. Choose another server. :)", soketi);
    }
    String body = "{\"memory\":{\"usedSize\":" + used + ",\"totalSize\":" + total
        + ",\"percentUsage\":" + JavaScriptJson.formatNumber(percent) + "}}";
    return HttpResponses.json(HttpResponseStatus.OK, body.getBytes(StandardCharsets.US_ASCII));
  }

  private static boolean freshTimestamp(String value, long windowSeconds) {
    try {
      long ts = Long.parseLong(value);
      return Math.abs(Instant.now().getEpochSecond() - ts) <= windowSeconds;
    } catch (NumberFormatException | NullPointerException e) {
      return false;
    }
  }

  private static void notFound(HttpExchange exchange) {
    exchange.respond(HttpResponses.empty(HttpResponseStatus.NOT_FOUND));
  }

  /** Path segments, percent-decoded; empty segments dropped (so "/" and "" are the root). */
  static String[] segments(String path) {
    List<String> out = new java.util.ArrayList<>();
    for (String s : path.split("/")) {
      if (s.isEmpty()) continue;
      try {
        out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        out.add(s);
      }
    }
    return out.toArray(new String[0]);
  }
}
