package io.tidings.examples.pages;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An example's web page: a fixed list of files read once from a classpath folder and served at
 * {@code /NAME} ({@code /} is {@code index.html}), {@code GET} and {@code HEAD} only. Anything else under the
 * route gets 404 (405 for other methods). Only the listed files can be reached, whatever the path says.
 *
 * <p><b>Threading:</b> immutable once built; serves every loop at once.
 */
public final class StaticPages implements HttpHandler {

  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8");

  private record Page(String contentType, byte[] bytes) {}

  private final Map<String, Page> pages = new HashMap<>();

  /**
   * @param folder the classpath folder, {@code io/tidings/examples/chat/public}
   * @param files  the files in it to serve, {@code index.html} among them
   */
  public StaticPages(String folder, List<String> files) {
    for (String name : files) {
      String extension = name.substring(name.lastIndexOf('.') + 1);
      String type = TYPES.get(extension);
      if (type == null) throw new IllegalArgumentException("no content type for " + name);
      pages.put("/" + name, new Page(type, read(folder + "/" + name)));
    }
    Page index = pages.get("/index.html");
    if (index != null) pages.put("/", index);
  }

  private static byte[] read(String resource) {
    try (InputStream in = StaticPages.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("no " + resource + " on the classpath");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(resource, e);
    }
  }

  @Override
  public void handle(FullHttpRequest request, HttpExchange exchange) {
    String uri = request.uri();
    int query = uri.indexOf('?');
    Page page = pages.get(query < 0 ? uri : uri.substring(0, query));
    if (page == null) {
      exchange.respond(text(HttpResponseStatus.NOT_FOUND, "Not found"));
      return;
    }
    if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
      FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method not allowed");
      r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
      exchange.respond(r);
      return;
    }
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        Unpooled.wrappedBuffer(page.bytes));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, page.contentType);
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, page.bytes.length);
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    exchange.respond(r);
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    return r;
  }
}
