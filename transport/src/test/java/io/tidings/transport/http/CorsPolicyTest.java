package io.tidings.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.transport.TransportOptions;
import io.tidings.transport.support.EchoProtocol;
import io.tidings.testing.http.RawHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CORS policy on every response of the port, and preflights answered. */
class CorsPolicyTest {

  static final HttpClient CLIENT = HttpClient.newHttpClient();

  static HttpResponse<String> send(EchoProtocol echo, String method, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + echo.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) b.headers(headers);
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void soketisPolicyPutsItsHeadersOnEveryResponseErrorsIncluded() throws Exception {
    CorsPolicy soketi = CorsPolicy.newBuilder().allowAnyOrigin().allowMethods("GET, POST").allowHeaders("Content-Type")
        .onEveryResponse(true).build();
    try (EchoProtocol echo = EchoProtocol.start(TransportOptions.newBuilder().requestTimeoutMillis(300), soketi, null)) {
      for (HttpResponse<String> r : List.of(send(echo, "GET", "/echo"), send(echo, "GET", "/nowhere"),
          send(echo, "OPTIONS", "/anything"))) {
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(r.toString()).hasValue("*");
        assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).as(r.toString()).hasValue("GET, POST");
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).as(r.toString()).hasValue("Content-Type");
      }
      assertThat(send(echo, "OPTIONS", "/anything").statusCode()).isEqualTo(204);
      // The guards' own answers carry them too.
      try (RawHttp slow = new RawHttp(echo.port(), 10_000)) {
        slow.send("GET /echo HTTP/1.1\r\nHo");
        RawHttp.Response r = slow.response();
        assertThat(r.status()).isEqualTo(408);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
      }
    }
  }

  @Test
  void listedOriginsAreEchoedWithCredentialsAndOthersGetNoCorsHeaders() throws Exception {
    CorsPolicy listed = CorsPolicy.newBuilder().allowOrigins(List.of("https://app.example")).allowMethods("GET, POST")
        .allowCredentials(true).maxAgeSeconds(600).build();
    try (EchoProtocol echo = EchoProtocol.start(TransportOptions.newBuilder(), listed, null)) {
      HttpResponse<String> allowed = send(echo, "GET", "/echo", "Origin", "https://app.example");
      assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
      assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
      assertThat(allowed.headers().firstValue("Vary")).hasValue("origin");
      assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods")).as("only on preflights").isEmpty();

      HttpResponse<String> preflight = send(echo, "OPTIONS", "/echo", "Origin", "https://app.example",
          "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "x-custom");
      assertThat(preflight.statusCode()).isEqualTo(204);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST");
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).as("echoed").hasValue("x-custom");
      assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).hasValue("600");

      HttpResponse<String> stranger = send(echo, "GET", "/echo", "Origin", "https://evil.example");
      assertThat(stranger.statusCode()).isEqualTo(200);
      assertThat(stranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
  }

  @Test
  void withoutAPolicyOptionsRequestsGoToTheirRoute() throws Exception {
    try (EchoProtocol echo = EchoProtocol.start(TransportOptions.newBuilder())) {
      HttpResponse<String> r = send(echo, "OPTIONS", "/echo", "Origin", "https://app.example");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
  }
}
