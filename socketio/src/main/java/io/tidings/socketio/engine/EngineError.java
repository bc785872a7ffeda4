package io.tidings.socketio.engine;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.tidings.bus.wire.JavaScriptJson;
import io.tidings.transport.http.HttpErrors;
import java.nio.charset.StandardCharsets;

/**
 * Node's {@code Server.errors}: why a request was refused, and the two ways Node answers it. Over HTTP
 * ({@code abortRequest}): {@code 403} for {@link #FORBIDDEN}, {@code 400} otherwise,
 * {@code Content-Type: application/json}, body {@code {"code":…,"message":…}}. On a WebSocket upgrade
 * ({@code abortUpgrade}): always {@code 400 Bad Request} with {@code Connection: close},
 * {@code Content-type: text/html} and the bare message as the body.
 */
enum EngineError {
  UNKNOWN_TRANSPORT(0, "Transport unknown"),
  UNKNOWN_SID(1, "Session ID unknown"),
  BAD_HANDSHAKE_METHOD(2, "Bad handshake method"),
  BAD_REQUEST(3, "Bad request"),
  FORBIDDEN(4, "Forbidden"),
  UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version");

  /**
   * The bodies of the errors the transport answers itself (413 over its body limit, 408, 503, 404, 500):
   * Engine.IO's shape, with the code of a bad request. Node answers none of these itself.
   */
  static final HttpErrors TRANSPORT_ERRORS = (status, message) -> json(status, BAD_REQUEST.code, message);

  final int code;
  final String message;

  EngineError(int code, String message) {
    this.code = code;
    this.message = message;
  }

  /** {@code abortRequest}: the answer to a polling request, with {@code message} or Node's own. */
  FullHttpResponse httpAnswer(String customMessage) {
    return json(this == FORBIDDEN ? 403 : 400, code, customMessage != null ? customMessage : message);
  }

  /** {@code abortUpgrade}: the answer to a WebSocket upgrade request, with {@code message} or Node's own. */
  FullHttpResponse upgradeRefusal(String customMessage) {
    byte[] body = (customMessage != null ? customMessage : message).getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
        Unpooled.wrappedBuffer(body));
    r.headers().set("Connection", "close");
    r.headers().set("Content-type", "text/html");
    r.headers().set("Content-Length", body.length);
    return r;
  }

  private static FullHttpResponse json(int status, int code, String message) {
    StringBuilder b = new StringBuilder(48).append("{\"code\":").append(code).append(",\"message\":");
    JavaScriptJson.writeString(message, b);
    byte[] body = b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
        Unpooled.wrappedBuffer(body));
    r.headers().set("Content-Type", "application/json");
    r.headers().set("Content-Length", body.length);
    return r;
  }
}
