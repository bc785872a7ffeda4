package io.tidings.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidings.server.config.ConfigException;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.TestServer;
import io.tidings.testing.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS from Soketi's {@code SOKETI_SSL_*} PEM files, with a certificate made at test time and clients
 * that trust exactly that certificate.
 */
class TlsTest {

  private static TestCertificates certs;

  @BeforeAll
  static void generate() {
    certs = TestCertificates.generate();
  }

  private static TestServer tlsServer(String key, Map<String, String> more) {
    Map<String, String> env = new HashMap<>(more);
    env.put("SOKETI_SSL_CERT", certs.cert().toString());
    env.put("SOKETI_SSL_KEY", key);
    return TestServer.start(env);
  }

  private static String wss(TestServer server) {
    return "wss://127.0.0.1:" + server.port() + "/app/app-key?protocol=7";
  }

  private static void assertServedOverTls(TestServer server) {
    try (RawWebSocket ws = RawWebSocket.established(wss(server), certs.trusting())) {
      assertThat(ws.socketId()).matches("\\d+\\.\\d+");
    }
  }

  @Test
  void aWssClientThatTrustsTheCertificateIsServed() {
    try (TestServer server = tlsServer(certs.key().toString(), Map.of())) {
      assertServedOverTls(server);
    }
  }

  @Test
  void theHttpApiIsServedOverTlsToo() throws Exception {
    try (TestServer server = tlsServer(certs.key().toString(), Map.of())) {
      HttpClient client = HttpClient.newBuilder().sslContext(certs.trusting()).build();
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("OK");
    }
  }

  @Test
  void anEncryptedKeyIsOpenedWithSoketiSslPass() {
    assumeTrue(TestCertificates.opensslAvailable(), "the openssl CLI is not installed");
    certs.openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "key.pem", "-out", "key-encrypted.pem",
        "-passout", "pass:open-sesame");
    try (TestServer server = tlsServer(certs.dir().resolve("key-encrypted.pem").toString(),
        Map.of("SOKETI_SSL_PASS", "open-sesame"))) {
      assertServedOverTls(server);
    }
  }

  @Test
  void aPkcs1RsaKeyAsOlderOpensslWritesItIsAccepted() {
    assumeTrue(TestCertificates.opensslAvailable(), "the openssl CLI is not installed");
    certs.openssl("rsa", "-in", "key.pem", "-traditional", "-out", "key-pkcs1.pem");
    try (TestServer server = tlsServer(certs.dir().resolve("key-pkcs1.pem").toString(), Map.of())) {
      assertServedOverTls(server);
    }
  }

  @Test
  void withSoketiSslCaAClientWithoutACertificateIsStillServed() {
    try (TestServer server = tlsServer(certs.key().toString(), Map.of("SOKETI_SSL_CA", certs.cert().toString()))) {
      assertServedOverTls(server);
    }
  }

  @Test
  void anUnreadableCertificateStopsStartUpNamingTheVariable() {
    assertThatThrownBy(() -> TestServer.start(Map.of("SOKETI_SSL_CERT", "/nonexistent/cert.pem",
        "SOKETI_SSL_KEY", certs.key().toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("SOKETI_SSL_CERT").hasMessageContaining("/nonexistent/cert.pem");
  }

  @Test
  void aWrongPassphraseStopsStartUpNamingTheKey() {
    assumeTrue(TestCertificates.opensslAvailable(), "the openssl CLI is not installed");
    certs.openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "key.pem", "-out", "key-locked.pem",
        "-passout", "pass:right");
    assertThatThrownBy(() -> tlsServer(certs.dir().resolve("key-locked.pem").toString(), Map.of("SOKETI_SSL_PASS", "wrong")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("SOKETI_SSL_KEY").hasMessageContaining("SOKETI_SSL_PASS");
  }
}
