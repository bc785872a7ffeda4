package io.tidings.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContextBuilder;
import io.tidings.testing.TestCertificates;
import io.tidings.transport.http.CorsPolicy;
import io.tidings.transport.support.EchoProtocol;
import io.tidings.transport.support.QueueingClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The transport over TLS, with a certificate made at test time and clients that trust exactly it. */
class TlsTest {

  static TestCertificates certs;
  static EchoProtocol echo;

  @BeforeAll
  static void start() throws Exception {
    certs = TestCertificates.generate();
    echo = EchoProtocol.start(TransportOptions.newBuilder(), CorsPolicy.NONE,
        SslContextBuilder.forServer(certs.cert().toFile(), certs.key().toFile()).build());
  }

  @AfterAll
  static void stop() {
    if (echo != null) echo.close();
  }

  @Test
  void httpsRequestsAreRoutedAndAnswered() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(certs.trusting()).build();
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + echo.port() + "/echo"))
        .POST(HttpRequest.BodyPublishers.ofString("over tls")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("over tls");
  }

  @Test
  void aWssConnectionEchoesThroughTheRawWritePath() {
    QueueingClient c = QueueingClient.connect("wss://127.0.0.1:" + echo.port() + "/ws", certs.trusting());
    try {
      assertThat(c.next()).startsWith("loop:");
      c.send("secret");
      assertThat(c.next()).isEqualTo("secret");
    } finally {
      c.close();
    }
  }
}
