package io.tidings.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Soketi's CORS headers on every response of the main port, and answered preflights (Soketi 404s them). */
class CorsTest {

  private static void assertCors(HttpHeaders h) {
    assertThat(h.firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(h.firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST, PUT, DELETE, OPTIONS");
    assertThat(h.firstValue("Access-Control-Allow-Headers")).hasValue("Origin, Content-Type, X-Auth-Token, "
        + "X-Requested-With, Accept, Authorization, X-CSRF-TOKEN, XSRF-TOKEN, X-Socket-Id");
  }

  @Test
  void successesErrorsAndUnknownRoutesAllCarryTheCorsHeaders() {
    try (TestServer server = TestServer.start()) {
      SignedApi api = SignedApi.forDefaultApp(server);
      HttpResponse<String> ok = api.post("/apps/app-id/events", "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"1\"}");
      HttpResponse<String> badSignature = api.raw("POST", "/apps/app-id/events?auth_signature=nope", "{}");
      HttpResponse<String> unknown = api.raw("GET", "/no/such/route", null);
      HttpResponse<String> root = api.raw("GET", "/", null);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(badSignature.statusCode()).isEqualTo(401);
      assertThat(unknown.statusCode()).isEqualTo(404);
      for (HttpResponse<String> r : java.util.List.of(ok, badSignature, unknown, root)) assertCors(r.headers());
    }
  }

  @Test
  void aPreflightIsAnswered204WithTheCorsHeaders() {
    try (TestServer server = TestServer.start()) {
      HttpResponse<String> r = SignedApi.forDefaultApp(server).raw("OPTIONS", "/apps/app-id/events", null);
      assertThat(r.statusCode()).isEqualTo(204);
      assertThat(r.body()).isEmpty();
      assertCors(r.headers());
    }
  }
}
