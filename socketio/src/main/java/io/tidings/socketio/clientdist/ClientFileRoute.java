package io.tidings.socketio.clientdist;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.tidings.transport.http.HttpExchange;
import io.tidings.transport.http.HttpHandler;
import java.nio.charset.StandardCharsets;

/**
 * Serves one client file at its exact path, as Node's socket.io {@code serve()} does, whatever the method
 * (Node does not look at it; a {@code HEAD} gets the headers alone).
 *
 * <p>A longer path that starts with this one ({@code /socket.io/socket.io.js/x}) is not a client path for
 * Node, which hands it to the engine; without a transport in its query the engine answers it
 * {@code 400 {"code":0,"message":"Transport unknown"}}, and so does this route.
 *
 * <p><b>Threading:</b> stateless but for the file's shared codings; serves every loop at once.
 */
final class ClientFileRoute implements HttpHandler {

  private static final byte[] TRANSPORT_UNKNOWN =
      "{\"code\":0,\"message\":\"Transport unknown\"}".getBytes(StandardCharsets.US_ASCII);

  private final String path;
  private final ClientFile file;
  private final String etag;
  private final String weakEtag;

  ClientFileRoute(String path, ClientFile file, String version) {
    this.path = path;
    this.file = file;
    this.etag = '"' + version + '"';
    this.weakEtag = "W/" + etag;
  }

  @Override
  public void handle(FullHttpRequest request, HttpExchange exchange) {
    String uri = request.uri();
    int query = uri.indexOf('?');
    String requestPath = query < 0 ? uri : uri.substring(0, query);
    if (!requestPath.equals(path)) {
      exchange.respond(transportUnknown());
      return;
    }
    String ifNoneMatch = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
    if (etag.equals(ifNoneMatch) || weakEtag.equals(ifNoneMatch)) {
      exchange.respond(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED));
      return;
    }
    ContentCoding coding = ContentCoding.negotiate(request.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
    byte[] body = file.bytes(coding);
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        Unpooled.wrappedBuffer(body));
    r.headers().set("Cache-Control", "public, max-age=0");
    r.headers().set("Content-Type", file.contentType());
    r.headers().set("ETag", etag);
    if (coding.token() != null) r.headers().set("content-encoding", coding.token());
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    exchange.respond(r);
  }

  private static FullHttpResponse transportUnknown() {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
        Unpooled.wrappedBuffer(TRANSPORT_UNKNOWN));
    r.headers().set("Content-Type", "application/json");
    return r;
  }
}
