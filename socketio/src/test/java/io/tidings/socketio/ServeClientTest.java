package io.tidings.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The server serves the browser client at its path, as Node's does by default, and not with {@code serveClient(false)}. */
class ServeClientTest {

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theClientIsServedByDefaultAtTheServersPath() throws Exception {
    try (SocketIoServer io = SocketIoServer.newBuilder().path("/realtime").build()) {
      int port = io.listen(0);
      HttpResponse<String> r = get(port, "/realtime/socket.io.min.js");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("ETag")).hasValue("\"4.8.4\"");
      assertThat(r.body()).startsWith("/*!\n * Socket.IO v4.8.4");
      assertThat(get(port, "/realtime/?EIO=4&transport=polling").body()).startsWith("0{\"sid\":");
    }
  }

  @Test
  void serveClientFalseLeavesThosePathsToTheEngine() throws Exception {
    try (SocketIoServer io = SocketIoServer.newBuilder().serveClient(false).build()) {
      int port = io.listen(0);
      HttpResponse<String> r = get(port, "/socket.io/socket.io.js");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
    }
  }
}
