package io.tidings.transport;

import io.tidings.transport.http.HttpHandler;
import io.tidings.transport.websocket.WebSocketUpgrade;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * {@link Routes} resolved for one listener: each WebSocket route with its {@link WebSocketUpgrade}, both
 * kinds sorted longest prefix first so the first match is the most specific. Immutable; shared by every
 * connection.
 */
final class RouteTable {

  private record Http(String prefix, HttpHandler handler) {}

  private record Ws(String prefix, WebSocketUpgrade upgrade) {}

  private final Http[] http;
  private final Ws[] webSocket;

  RouteTable(List<Routes.HttpRoute> httpRoutes, List<Routes.WebSocketRoute> wsRoutes,
      Function<Routes.WebSocketRoute, WebSocketUpgrade> upgrades) {
    List<Http> h = new ArrayList<>();
    for (Routes.HttpRoute r : httpRoutes) h.add(new Http(r.prefix(), r.handler()));
    h.sort(Comparator.comparingInt((Http r) -> r.prefix().length()).reversed());
    List<Ws> w = new ArrayList<>();
    for (Routes.WebSocketRoute r : wsRoutes) w.add(new Ws(r.prefix(), upgrades.apply(r)));
    w.sort(Comparator.comparingInt((Ws r) -> r.prefix().length()).reversed());
    this.http = h.toArray(new Http[0]);
    this.webSocket = w.toArray(new Ws[0]);
  }

  /** The handler of the longest HTTP route that {@code path} starts with, or null. */
  HttpHandler http(String path) {
    for (Http r : http) {
      if (path.startsWith(r.prefix())) return r.handler();
    }
    return null;
  }

  /** The upgrade of the longest WebSocket route that {@code path} starts with, or null. */
  WebSocketUpgrade webSocket(String path) {
    for (Ws r : webSocket) {
      if (path.startsWith(r.prefix())) return r.upgrade();
    }
    return null;
  }
}
