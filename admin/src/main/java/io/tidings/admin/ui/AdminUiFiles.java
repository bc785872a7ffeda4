package io.tidings.admin.ui;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.tidings.transport.http.HttpExchange;
import io.tidings.transport.http.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the Socket.IO Admin UI's built files (the {@code ui/dist} folder of {@code @socket.io/admin-ui}
 * 0.5.1, packed into this jar under {@code io/tidings/admin/ui/} by the build) at a mount path such as
 * {@code /admin-ui/}. Node users serve these files themselves; Tidings serves them so that opening the UI
 * needs nothing but the server.
 *
 * <p>Register it with {@link #routePrefix()} as the route: {@code GET /admin-ui} is redirected to
 * {@code /admin-ui/}, {@code /admin-ui/} is {@code index.html}, and every other path under the mount is a
 * file of the UI (its HTML refers to its files by relative paths, so any mount works). Only {@code GET}
 * and {@code HEAD}; names outside the UI's own character set ({@code ..} included) are 404.
 *
 * <p><b>Threading:</b> called on the connection's event loop. A file is read from the jar the first time
 * it is asked for (the largest is 790 KB, read once) and kept in memory; later requests answer from memory.
 * Thread-safe: one instance serves every connection.
 */
public final class AdminUiFiles implements HttpHandler {

  /** Where the build puts the UI's files on the class path. */
  static final String RESOURCE_ROOT = "io/tidings/admin/ui/";

  /** The mount path when none is configured. */
  public static final String DEFAULT_PATH = "/admin-ui/";

  /** The UI's file names: letters, digits, dots, dashes, underscores and folders, no {@code ..}. */
  private static final Pattern FILE_NAME = Pattern.compile("(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");

  private static final Map<String, String> CONTENT_TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml",
      "png", "image/png",
      "json", "application/json");

  /** The file names carry a content hash ({@code app.0d7d7845.js}) except these, which must be revalidated. */
  private static final String NO_CACHE = "no-cache";
  private static final String ONE_DAY = "public, max-age=86400";

  private final String mountPath;
  private final ClassLoader loader;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();

  private AdminUiFiles(String mountPath, ClassLoader loader) {
    this.mountPath = mountPath;
    this.loader = loader;
  }

  /**
   * Files served at {@code path} ({@code "/admin-ui"} and {@code "/admin-ui/"} both mean
   * {@code /admin-ui/}; {@code "/"} serves the UI at the root).
   *
   * @throws IllegalArgumentException when {@code path} does not start with {@code /}
   */
  public static AdminUiFiles at(String path) {
    return new AdminUiFiles(normalize(path), AdminUiFiles.class.getClassLoader());
  }

  /** {@code path} with one trailing slash; the form the mount path is kept in. */
  public static String normalize(String path) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("the admin UI's path starts with '/': " + path);
    }
    return path.endsWith("/") ? path : path + "/";
  }

  /** True when the jar holds the UI's files (the build fetched them). */
  public boolean available() {
    return file("index.html").isPresent();
  }

  /** The mount path, with its trailing slash ({@code /admin-ui/}). */
  public String mountPath() {
    return mountPath;
  }

  /** The transport route prefix to register: the mount path without its trailing slash, so the bare path redirects. */
  public String routePrefix() {
    return mountPath.equals("/") ? "/" : mountPath.substring(0, mountPath.length() - 1);
  }

  @Override
  public void handle(FullHttpRequest request, HttpExchange exchange) {
    exchange.respond(answer(request.method(), request.uri()));
  }

  private FullHttpResponse answer(HttpMethod method, String uri) {
    int query = uri.indexOf('?');
    String path = query < 0 ? uri : uri.substring(0, query);
    String bare = routePrefix();
    if (!path.equals(bare) && !path.startsWith(mountPath)) {
      // The route prefix is a plain prefix: "/admin-uix" reaches this handler too.
      return status(HttpResponseStatus.NOT_FOUND);
    }
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      FullHttpResponse r = status(HttpResponseStatus.METHOD_NOT_ALLOWED);
      r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
      return r;
    }
    if (path.equals(bare) && !bare.equals("/")) {
      FullHttpResponse r = status(HttpResponseStatus.MOVED_PERMANENTLY);
      r.headers().set(HttpHeaderNames.LOCATION, mountPath + (query < 0 ? "" : uri.substring(query)));
      return r;
    }
    String name = path.substring(mountPath.length());
    if (name.isEmpty()) name = "index.html";
    if (!FILE_NAME.matcher(name).matches()) return status(HttpResponseStatus.NOT_FOUND);
    Optional<byte[]> body = file(name);
    if (body.isEmpty()) return status(HttpResponseStatus.NOT_FOUND);
    byte[] bytes = body.get();
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        method == HttpMethod.HEAD ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType(name));
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, name.equals("index.html") ? NO_CACHE : ONE_DAY);
    r.headers().set("X-Content-Type-Options", "nosniff");
    return r;
  }

  private Optional<byte[]> file(String name) {
    byte[] cached = files.get(name);
    if (cached != null) return Optional.of(cached);
    // Misses are not remembered: a client asking for random names must not grow the map.
    try (InputStream in = loader.getResourceAsStream(RESOURCE_ROOT + name)) {
      if (in == null) return Optional.empty();
      byte[] bytes = in.readAllBytes();
      files.putIfAbsent(name, bytes);
      return Optional.of(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String contentType(String name) {
    int dot = name.lastIndexOf('.');
    String type = dot < 0 ? null : CONTENT_TYPES.get(name.substring(dot + 1));
    return type != null ? type : "application/octet-stream";
  }

  private static FullHttpResponse status(HttpResponseStatus status) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(status.toString(), StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    return r;
  }
}
