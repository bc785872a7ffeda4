package io.tidings.socketio.engine;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The answers of the long-polling transport, header for header (names spelt as Node spells them) as
 * Node's {@code transports/polling.ts} writes them (the transport adds {@code Content-Length} where missing, and CORS). Each call returns a new
 * response, which the caller owns. Stateless.
 */
final class PollingAnswers {

  private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

  private PollingAnswers() {}

  /** A poll's answer: the payload, {@code text/plain; charset=UTF-8}, never cached. */
  static FullHttpResponse payload(byte[] payload, boolean oldInternetExplorer) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        Unpooled.wrappedBuffer(payload));
    r.headers().set("Content-Type", "text/plain; charset=UTF-8");
    r.headers().set("Content-Length", payload.length);
    return common(r, oldInternetExplorer);
  }

  /**
   * A POST's answer, {@code ok} as {@code text/html} ("text/html is required instead of text/plain to
   * avoid an unwanted download dialog on certain user-agents", says Node).
   */
  static FullHttpResponse ok(boolean oldInternetExplorer) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        Unpooled.wrappedBuffer(OK));
    r.headers().set("Content-Type", "text/html");
    r.headers().set("Content-Length", OK.length);
    return common(r, oldInternetExplorer);
  }

  /** Node's reason phrase where Netty's differs. */
  private static final HttpResponseStatus PAYLOAD_TOO_LARGE = new HttpResponseStatus(413, "Payload Too Large");

  /** A status without a body or headers: Node's {@code res.writeHead(status); res.end()}. */
  static FullHttpResponse bare(int status) {
    HttpResponseStatus s = status == 413 ? PAYLOAD_TOO_LARGE : HttpResponseStatus.valueOf(status);
    return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, s, Unpooled.EMPTY_BUFFER);
  }

  /** As {@link #bare}, then the connection ends (Node destroys the request of an oversized POST). */
  static FullHttpResponse bareThenClose(int status) {
    FullHttpResponse r = bare(status);
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return r;
  }

  private static FullHttpResponse common(FullHttpResponse r, boolean oldInternetExplorer) {
    // Prevents XSS warnings on IE (socket.io#1333), as Node does.
    if (oldInternetExplorer) r.headers().set("X-XSS-Protection", "0");
    r.headers().set("cache-control", "no-store");
    return r;
  }

  /** Node's test for the user agents that need {@code X-XSS-Protection: 0}. */
  static boolean oldInternetExplorer(String userAgent) {
    return userAgent != null && (userAgent.contains(";MSIE") || userAgent.contains("Trident/"));
  }
}
