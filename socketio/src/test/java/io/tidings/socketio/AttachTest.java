package io.tidings.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.socket.client.IO;
import io.tidings.socketio.engine.AllowRequest;
import io.tidings.testing.socketio.SocketIoClient;
import io.tidings.transport.Routes;
import io.tidings.transport.TransportOptions;
import io.tidings.transport.TransportServer;
import io.tidings.transport.http.HttpHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The server embedded into an existing transport beside another route, on a path of its own, with
 * {@code allowRequest} and {@code onAnyOutgoing} in play.
 */
class AttachTest {

  @Test
  void attachedBesideAnotherRouteOnItsOwnPath() throws Exception {
    List<String> outgoing = new CopyOnWriteArrayList<>();
    SocketIoServer server = SocketIoServer.newBuilder().path("/realtime/")
        .allowRequest(request -> CompletableFuture.completedFuture(
            request.header("user-agent") != null && request.header("user-agent").contains("blocked")
                ? AllowRequest.Decision.refuse("go away") : AllowRequest.Decision.ALLOW))
        .build();
    server.on("connection", socket -> {
      socket.onAnyOutgoing((event, args) -> outgoing.add(event + " " + args));
      socket.emit("hello", "attached");
    });
    TransportServer transport = new TransportServer(TransportOptions.newBuilder().port(0).build());
    Routes.Builder routes = Routes.newBuilder();
    HttpHandler health = (request, exchange) -> exchange.respond(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.OK, Unpooled.copiedBuffer("ok", StandardCharsets.UTF_8)));
    routes.http("/health", health);
    server.attach(transport, routes);
    transport.bind(routes.build(), null);
    try {
      IO.Options o = new IO.Options();
      o.path = "/realtime";
      o.transports = new String[] {"websocket"};
      o.forceNew = true;
      o.reconnection = false;
      io.socket.client.Socket s = IO.socket(URI.create("http://127.0.0.1:" + transport.port()), o);
      List<String> heard = new CopyOnWriteArrayList<>();
      s.on("hello", a -> heard.add("hello " + a[0]));
      s.connect();
      org.awaitility.Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> !heard.isEmpty());
      assertThat(heard).containsExactly("hello attached");
      assertThat(outgoing).containsExactly("hello [\"attached\"]");
      s.close();

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + transport.port() + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ok.body()).isEqualTo("ok");
      HttpResponse<String> refused = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + transport.port() + "/realtime/?EIO=4&transport=polling"))
          .header("User-Agent", "blocked-agent").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).isEqualTo("{\"code\":4,\"message\":\"go away\"}");
    } finally {
      server.close();
      transport.close();
    }
  }
}
