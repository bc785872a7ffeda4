package io.tidings.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The HTTP API byte for byte on raw requests: bodies, statuses, CORS and rate-limit headers, the
 * signature edge cases, and the order of checks (app, signature, enabled, rate, validation).
 */
class HttpApiTest {

  static final String CONFIG = """
      {"httpApi.requestLimitInMb": 0.01,
       "appManager.array.apps": [
        {"id": "app-id", "key": "app-key", "secret": "app-secret"},
        {"id": "off", "key": "off-key", "secret": "off-secret", "enabled": false},
        {"id": "rated", "key": "rated-key", "secret": "rated-secret", "maxBackendEventsPerSecond": 3, "maxReadRequestsPerSecond": 2},
        {"id": "small", "key": "small-key", "secret": "small-secret", "maxEventPayloadInKb": 1}
      ]}""";
  static final String ALLOW_HEADERS = "Origin, Content-Type, X-Auth-Token, X-Requested-With, Accept, Authorization, "
      + "X-CSRF-TOKEN, XSRF-TOKEN, X-Socket-Id";

  @RegisterExtension
  static final TestServer server = TestServer.with(Map.of(), CONFIG);
  static SignedApi api;

  @BeforeAll
  static void start() {
    api = SignedApi.forDefaultApp(server);
  }

  private static void assertCors(HttpResponse<String> r) {
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST, PUT, DELETE, OPTIONS");
    assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).hasValue(ALLOW_HEADERS);
  }

  private static void assertJson(HttpResponse<String> r, int status, String body) {
    assertThat(r.statusCode()).as("status of " + r.body()).isEqualTo(status);
    assertThat(r.body()).isEqualTo(body);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertCors(r);
  }

  @Test
  void theRootAndReadyAnswerOk() {
    HttpResponse<String> root = api.raw("GET", "/", null);
    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.body()).isEqualTo("OK");
    assertCors(root);
    HttpResponse<String> ready = api.raw("GET", "/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("OK");
  }

  @Test
  void acceptTrafficReportsMemory() {
    HttpResponse<String> r = api.raw("GET", "/accept-traffic", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).matches("\\{\"memory\":\\{\"usedSize\":\\d+,\"totalSize\":\\d+,\"percentUsage\":[0-9.E-]+}}");
  }

  @Test
  void anUnknownRouteIsAnEmpty404WithCors() {
    HttpResponse<String> r = api.raw("GET", "/nothing/here", null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).isEmpty();
    assertCors(r);
  }

  @Test
  void aPreflightIsAnswered204WithCors() {
    HttpResponse<String> r = api.raw("OPTIONS", "/apps/app-id/events", null);
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
    assertCors(r);
  }

  @Test
  void aPublishIsAnsweredOk() {
    assertJson(api.post("/apps/app-id/events", "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\"}"), 200, "{\"ok\":true}");
  }

  @Test
  void aPublishToAnUnknownAppIs404() {
    assertJson(api.post("/apps/ghost/events", "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\"}"), 404,
        "{\"error\":\"The app ghost could not be found.\",\"code\":404}");
  }

  @Test
  void aWrongSignatureIs401() {
    SignedApi wrong = new SignedApi(server.httpBase(), "app-key", "not-the-secret");
    assertJson(wrong.post("/apps/app-id/events", "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\"}"), 401,
        "{\"error\":\"The secret authentication failed\",\"code\":401}");
  }

  @Test
  void anUnsignedRequestIs401() {
    assertJson(api.raw("GET", "/apps/app-id/channels", null), 401, "{\"error\":\"The secret authentication failed\",\"code\":401}");
  }

  @Test
  void aBodyThatIsNotJsonIs400OnceTheSignatureIsChecked() {
    assertJson(api.post("/apps/app-id/events", "this is not json"), 400,
        "{\"error\":\"The received data is incorrect.\",\"code\":400}");
  }

  @Test
  void aBodyThatIsNotJsonWithABadSignatureIs401() {
    SignedApi wrong = new SignedApi(server.httpBase(), "app-key", "not-the-secret");
    assertThat(wrong.post("/apps/app-id/events", "this is not json").statusCode()).isEqualTo(401);
  }

  @Test
  void anEventWithoutNameOrDataIs400() {
    String incorrect = "{\"error\":\"The received data is incorrect\",\"code\":400}";
    assertJson(api.post("/apps/app-id/events", "{\"channel\":\"c\",\"data\":\"d\"}"), 400, incorrect);
    assertJson(api.post("/apps/app-id/events", "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"\"}"), 400, incorrect);
    assertJson(api.post("/apps/app-id/events", "{\"name\":\"e\",\"data\":\"d\"}"), 400, incorrect);
  }

  @Test
  void channelNamesOfAPublishAreNotValidated() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      assertThat(api.post("/apps/app-id/events", "{\"name\":\"e\",\"channel\":\"bad name!\",\"data\":\"d\"}").statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void aBatchWithOneInvalidEventIsRefusedWhole() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.subscribe("batch-whole");
      assertJson(api.post("/apps/app-id/batch_events",
          "{\"batch\":[{\"name\":\"ok\",\"channel\":\"batch-whole\",\"data\":\"1\"},{\"name\":\"bad\",\"channel\":\"batch-whole\"}]}"),
          400, "{\"error\":\"The received data is incorrect\",\"code\":400}");
      assertThat(ws.poll(200)).isNull();
    }
  }

  @Test
  void aBatchWithoutABatchArrayIs400() {
    assertJson(api.post("/apps/app-id/batch_events", "{\"events\":[]}"), 400,
        "{\"error\":\"The received data is incorrect\",\"code\":400}");
  }

  @Test
  void withATimestampWindowAnOldTimestampIs401() {
    try (TestServer strict = TestServer.start(Map.of("SOKETI_HTTP_AUTH_TIMESTAMP_WINDOW", "600"))) {
      Map<String, String> params = new java.util.LinkedHashMap<>();
      params.put("auth_key", "app-key");
      params.put("auth_timestamp", "1000000000");
      params.put("auth_version", "1.0");
      params.put("auth_signature", RequestSignature.sign("GET", "/apps/app-id/channels", params, null, "app-secret"));
      SignedApi strictApi = SignedApi.forDefaultApp(strict);
      assertJson(strictApi.raw("GET", "/apps/app-id/channels?" + SignedApi.encode(params), null), 401,
          "{\"error\":\"The auth_timestamp is not within 600 seconds of the server time.\",\"code\":401}");
      assertThat(strictApi.get("/apps/app-id/channels").statusCode()).as("a fresh timestamp").isEqualTo(200);
    }
  }

  @Test
  void aDisabledAppIsRefused403OnTheApi() {
    SignedApi off = new SignedApi(server.httpBase(), "off-key", "off-secret");
    assertJson(off.post("/apps/off/events", "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\"}"), 403,
        "{\"error\":\"The app is not enabled.\",\"code\":403}");
  }

  @Test
  void aBodyOverTheRequestLimitIsAReal413() {
    String big = "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"" + "x".repeat(20_000) + "\"}";
    HttpResponse<String> r = api.post("/apps/app-id/events", big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).isEqualTo("{\"error\":\"The payload size is too big.\",\"code\":413}");
  }

  @Test
  void anOversizedBodyAnnouncedWithExpectContinueGetsTheSameJson413() throws Exception {
    // curl and PHP clients ask to continue before a large body; Soketi answers them with its JSON 413 too.
    String big = "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"" + "x".repeat(20_000) + "\"}";
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(server.httpBase() + "/apps/app-id/events?auth_key=app-key"))
        .expectContinue(true)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(big))
        .build();
    try (java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(r.body()).isEqualTo("{\"error\":\"The payload size is too big.\",\"code\":413}");
      assertThat(r.headers().firstValue("Connection")).hasValue("close");
      assertCors(r);
    }
  }

  @Test
  void theRequestLimit413TellsKeepAliveClientsNotToReuseTheConnection() {
    // Soketi says so too; a client that pooled the socket would send its next request into our close.
    String big = "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"" + "x".repeat(20_000) + "\"}";
    HttpResponse<String> r = api.post("/apps/app-id/events", big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.headers().firstValue("Connection")).hasValue("close");
    assertThat(api.get("/apps/app-id/channels").statusCode()).isEqualTo(200);
  }

  @Test
  void anEmptyBodyPostSignedWithoutBodyMd5IsAccepted() {
    assertJson(api.post("/apps/app-id/users/nobody/terminate_connections", ""), 200, "{\"ok\":true}");
  }

  @Test
  void anEmptyObjectBodySignedWithItsMd5IsAccepted() {
    assertJson(api.post("/apps/app-id/users/nobody/terminate_connections", "{}"), 200, "{\"ok\":true}");
  }

  @Test
  void aPathSignedDecodedButSentPercentEncodedIsAccepted() {
    Map<String, String> params = new java.util.LinkedHashMap<>();
    params.put("auth_key", "app-key");
    params.put("auth_timestamp", "1000000000");
    params.put("auth_version", "1.0");
    String signature = RequestSignature.sign("GET", "/apps/app-id/channels/a@b", params, null, "app-secret");
    params.put("auth_signature", signature);
    HttpResponse<String> r = api.raw("GET", "/apps/app-id/channels/a%40b?" + SignedApi.encode(params), null);
    assertJson(r, 200, "{\"subscription_count\":0,\"occupied\":false}");
  }

  @Test
  void anOldTimestampIsAcceptedAsSoketiDoes() {
    Map<String, String> params = new java.util.LinkedHashMap<>();
    params.put("auth_key", "app-key");
    params.put("auth_timestamp", "1000000000");
    params.put("auth_version", "1.0");
    params.put("auth_signature", RequestSignature.sign("GET", "/apps/app-id/channels", params, null, "app-secret"));
    assertThat(api.raw("GET", "/apps/app-id/channels?" + SignedApi.encode(params), null).statusCode()).isEqualTo(200);
  }

  /** Repeats {@code request} until it is refused (a window of one second is always hit within a few). */
  private static HttpResponse<String> untilRefused(java.util.function.Supplier<HttpResponse<String>> request) {
    for (int i = 0; i < 50; i++) {
      HttpResponse<String> r = request.get();
      if (r.statusCode() != 200) return r;
    }
    throw new AssertionError("never refused");
  }

  @Test
  void backendEventsOverTheAppsRateAre429AndEveryAnswerCarriesTheLimitHeaders() {
    SignedApi rated = new SignedApi(server.httpBase(), "rated-key", "rated-secret");
    // The first call opens the window: two channels are two of the three points.
    HttpResponse<String> first = rated.post("/apps/rated/events", "{\"name\":\"e\",\"channels\":[\"a\",\"b\"],\"data\":\"d\"}");
    assertJson(first, 200, "{\"ok\":true}");
    assertThat(first.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
    assertThat(first.headers().firstValue("X-RateLimit-Remaining")).hasValue("1");
    assertThat(first.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(v).matches("\\d+(\\.\\d+)?"));
    HttpResponse<String> refused = untilRefused(() -> rated.post("/apps/rated/batch_events",
        "{\"batch\":[{\"name\":\"e\",\"channel\":\"a\",\"data\":\"d\"},{\"name\":\"e\",\"channel\":\"b\",\"data\":\"d\"}]}"));
    assertJson(refused, 429, "{\"error\":\"Too many requests.\",\"code\":429}");
    assertThat(refused.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
    assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void readsOverTheAppsRateAre429() {
    SignedApi rated = new SignedApi(server.httpBase(), "rated-key", "rated-secret");
    assertThat(rated.get("/apps/rated/channels").headers().firstValue("X-RateLimit-Remaining")).hasValue("1");
    assertJson(untilRefused(() -> rated.get("/apps/rated/channels/presence-x/users")), 429, "{\"error\":\"Too many requests.\",\"code\":429}");
  }

  @Test
  void anAppWithoutRateLimitsSendsNoRateLimitHeaders() {
    HttpResponse<String> r = api.get("/apps/app-id/channels");
    assertThat(r.headers().firstValue("X-RateLimit-Limit")).isEmpty();
    assertThat(r.headers().firstValue("Retry-After")).isEmpty();
  }

  @Test
  void theDefaultChannelsBodyIgnoresAnUnknownInfo() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.subscribe("info-public");
      assertJson(api.get("/apps/app-id/channels", Map.of("filter_by_prefix", "info-", "info", "subscription_count,user_count")),
          200, "{\"channels\":{\"info-public\":{\"subscription_count\":1,\"occupied\":true}}}");
    }
  }

  @Test
  void usersOfAPresenceChannelNobodyIsInIsAnEmptyList() {
    assertJson(api.get("/apps/app-id/channels/presence-empty/users"), 200, "{\"users\":[]}");
  }

  @Test
  void theCompatibilitySwitchSendsErrorsWithHttp200ButKeepsReal413And404Routes() {
    try (TestServer compat = TestServer.start(Map.of("SOKETI_COMPAT_HTTP_200_ERRORS", "true"), CONFIG)) {
      SignedApi ok = SignedApi.forDefaultApp(compat);
      SignedApi wrong = new SignedApi(compat.httpBase(), "app-key", "nope");
      assertJson(wrong.get("/apps/app-id/channels"), 200, "{\"error\":\"The secret authentication failed\",\"code\":401}");
      assertJson(ok.get("/apps/ghost/channels"), 200, "{\"error\":\"The app ghost could not be found.\",\"code\":404}");
      assertJson(ok.post("/apps/app-id/events", "{\"name\":\"e\"}"), 200, "{\"error\":\"The received data is incorrect\",\"code\":400}");
      assertJson(new SignedApi(compat.httpBase(), "off-key", "off-secret").get("/apps/off/channels"), 200,
          "{\"error\":\"The app is not enabled.\",\"code\":403}");
      SignedApi small = new SignedApi(compat.httpBase(), "small-key", "small-secret");
      assertJson(small.post("/apps/small/events", "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"" + "x".repeat(2000) + "\"}"),
          200, "{\"error\":\"The event data should be less than 1 KB.\",\"code\":413}");
      SignedApi rated = new SignedApi(compat.httpBase(), "rated-key", "rated-secret");
      HttpResponse<String> refused = null;
      for (int i = 0; i < 50 && refused == null; i++) {
        HttpResponse<String> r = rated.get("/apps/rated/channels");
        if (r.body().contains("429")) refused = r;
      }
      assertThat(refused).as("a refused read").isNotNull();
      assertJson(refused, 200, "{\"error\":\"Too many requests.\",\"code\":429}");
      assertThat(ok.raw("GET", "/no/such/route", null).statusCode()).isEqualTo(404);
      String big = "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"" + "x".repeat(20_000) + "\"}";
      assertThat(ok.post("/apps/app-id/events", big).statusCode()).isEqualTo(413);
    }
  }
}
