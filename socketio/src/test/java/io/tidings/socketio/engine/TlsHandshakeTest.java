package io.tidings.socketio.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContextBuilder;
import io.tidings.testing.TestCertificates;
import io.tidings.transport.TransportOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import org.junit.jupiter.api.Test;

/** Over TLS the handshake says so ({@link HandshakeRequest#secure()}), for polling and for WebSocket. */
class TlsHandshakeTest {

  @Test
  void aHandshakeOverTlsIsSecure() throws Exception {
    TestCertificates certs = TestCertificates.generate();
    try (EngineTestServer server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/").build(),
        TransportOptions.newBuilder().host("127.0.0.1").port(0).eventLoopThreads(1),
        SslContextBuilder.forServer(certs.cert().toFile(), certs.key().toFile()).build())) {
      HttpClient client = HttpClient.newBuilder().sslContext(certs.trusting()).build();

      HttpResponse<String> polling = client.send(HttpRequest.newBuilder(
          URI.create("https://127.0.0.1:" + server.port() + "/engine.io/?EIO=4&transport=polling")).build(),
          HttpResponse.BodyHandlers.ofString());
      String pollingSid = polling.body().replaceAll(".*\"sid\":\"([^\"]+)\".*", "$1");
      WebSocket ws = client.newWebSocketBuilder().buildAsync(
          URI.create("wss://127.0.0.1:" + server.port() + "/engine.io/?EIO=4&transport=websocket"),
          new WebSocket.Listener() {}).join();
      assertThat(server.await("connection ")).isEqualTo("connection " + pollingSid + " polling");
      String wsSid = server.await("connection ").split(" ")[1];

      assertThat(polling.statusCode()).isEqualTo(200);
      assertThat(server.socket(pollingSid).request().secure()).isTrue();
      assertThat(server.socket(wsSid).request().secure()).isTrue();
      assertThat(server.socket(wsSid).transport()).isEqualTo("websocket");
      ws.abort();
    }
  }
}
