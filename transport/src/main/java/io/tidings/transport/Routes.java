package io.tidings.transport;

import io.tidings.transport.http.CorsPolicy;
import io.tidings.transport.http.HttpErrors;
import io.tidings.transport.http.HttpHandler;
import io.tidings.transport.websocket.WebSocketAcceptor;
import io.tidings.transport.websocket.WebSocketListener;
import io.tidings.transport.websocket.WebSocketOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * What a protocol serves on the port: HTTP handlers and WebSocket acceptors by path prefix, the body of
 * the errors the transport answers itself, and the CORS policy. A request goes to the route with the
 * longest prefix of its path (the raw path, without the query); an upgrade request ({@code GET} with
 * {@code Upgrade: websocket}) to the longest matching WebSocket route if there is one, else like any
 * request to an HTTP route; a request no route takes gets the protocol's 404. Immutable and thread-safe;
 * the handlers it holds serve every connection at once.
 */
public final class Routes {

  /** An HTTP route. */
  public record HttpRoute(String prefix, HttpHandler handler) {}

  /** A WebSocket route and its settings. */
  public record WebSocketRoute(String prefix, WebSocketAcceptor acceptor, WebSocketOptions options,
      WebSocketListener listener) {}

  private final List<HttpRoute> http;
  private final List<WebSocketRoute> webSocket;
  private final HttpErrors errors;
  private final CorsPolicy cors;

  private Routes(Builder b) {
    this.http = List.copyOf(b.http);
    this.webSocket = List.copyOf(b.webSocket);
    this.errors = b.errors;
    this.cors = b.cors;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  public List<HttpRoute> http() {
    return http;
  }

  public List<WebSocketRoute> webSocket() {
    return webSocket;
  }

  public HttpErrors errors() {
    return errors;
  }

  public CorsPolicy cors() {
    return cors;
  }

  /** Builds {@link Routes}: no routes, plain-text errors, no CORS. Not thread-safe. */
  public static final class Builder {
    private final List<HttpRoute> http = new ArrayList<>();
    private final List<WebSocketRoute> webSocket = new ArrayList<>();
    private HttpErrors errors = HttpErrors.PLAIN_TEXT;
    private CorsPolicy cors = CorsPolicy.NONE;

    private Builder() {}

    /** Requests whose path starts with {@code prefix} (e.g. {@code "/"}, {@code "/socket.io/"}) go to {@code handler}. */
    public Builder http(String prefix, HttpHandler handler) {
      http.add(new HttpRoute(checked(prefix), handler));
      return this;
    }

    /** Upgrade requests whose path starts with {@code prefix} go to {@code acceptor}. */
    public Builder webSocket(String prefix, WebSocketAcceptor acceptor, WebSocketOptions options, WebSocketListener listener) {
      webSocket.add(new WebSocketRoute(checked(prefix), acceptor, options, listener));
      return this;
    }

    /** As {@link #webSocket(String, WebSocketAcceptor, WebSocketOptions, WebSocketListener)} with the defaults, uncounted. */
    public Builder webSocket(String prefix, WebSocketAcceptor acceptor) {
      return webSocket(prefix, acceptor, WebSocketOptions.DEFAULT, WebSocketListener.NONE);
    }

    public Builder errors(HttpErrors errors) {
      this.errors = errors;
      return this;
    }

    public Builder cors(CorsPolicy cors) {
      this.cors = cors;
      return this;
    }

    public Routes build() {
      return new Routes(this);
    }

    private static String checked(String prefix) {
      if (prefix == null || !prefix.startsWith("/")) throw new IllegalArgumentException("a route prefix starts with '/': " + prefix);
      return prefix;
    }
  }
}
