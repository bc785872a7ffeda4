package io.tidings.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.tidings.transport.http.CorsPolicy;
import io.tidings.transport.http.HttpErrors;
import java.nio.charset.StandardCharsets;

/**
 * Builds the HTTP API's responses: Soketi's bodies ({@code {"ok":true}}, {@code {"error","code"}}), the
 * CORS policy whose headers Soketi sends on every response, and the status policy — real statuses by
 * default, or Soketi's "HTTP 200 with the code in the body" when the compatibility switch is on.
 * Stateless.
 */
public final class HttpResponses {

  /** Soketi's CORS defaults (config {@code cors.*}). */
  static final String ALLOW_METHODS = "GET, POST, PUT, DELETE, OPTIONS";
  static final String ALLOW_HEADERS = "Origin, Content-Type, X-Auth-Token, X-Requested-With, Accept, "
      + "Authorization, X-CSRF-TOKEN, XSRF-TOKEN, X-Socket-Id";

  /**
   * Soketi's CORS headers, on every response of the main port (the transport's own errors included), and
   * 204 to every {@code OPTIONS} request (Soketi 404s them; browsers need the answer).
   */
  public static final CorsPolicy CORS = CorsPolicy.newBuilder()
      .allowAnyOrigin()
      .allowMethods(ALLOW_METHODS)
      .allowHeaders(ALLOW_HEADERS)
      .onEveryResponse(true)
      .build();

  /**
   * The errors the transport answers itself (408, 413, 503, unparsable requests, 500) in Soketi's body,
   * always with the real status.
   */
  public static final HttpErrors ERRORS = (status, message) -> error(status, message, false);

  private HttpResponses() {}

  /** A JSON response with {@code status}. */
  public static FullHttpResponse json(HttpResponseStatus status, byte[] body) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    return finish(r);
  }

  /** A plain-text response. */
  public static FullHttpResponse text(HttpResponseStatus status, String body) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    return finish(r);
  }

  /** An empty response (404 of unknown routes). */
  public static FullHttpResponse empty(HttpResponseStatus status) {
    return finish(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER));
  }

  /**
   * Soketi's error body {@code {"error":message,"code":code}}, sent with the real status {@code code},
   * or with 200 when {@code soketiStatusCodes} is set (as Soketi does after its CORS middleware).
   */
  public static FullHttpResponse error(int code, String message, boolean soketiStatusCodes) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("error", message);
    body.put("code", code);
    HttpResponseStatus status = soketiStatusCodes ? HttpResponseStatus.OK : HttpResponseStatus.valueOf(code);
    return json(status, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** {@code {"ok":true}}. */
  public static FullHttpResponse ok() {
    return json(HttpResponseStatus.OK, "{\"ok\":true}".getBytes(StandardCharsets.US_ASCII));
  }

  private static FullHttpResponse finish(FullHttpResponse r) {
    HttpHeaders h = r.headers();
    h.set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
    return r;
  }
}
