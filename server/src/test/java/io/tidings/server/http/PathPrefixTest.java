package io.tidings.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code SOKETI_PATH_PREFIX} prefixes every route, and the API signature covers the full path. */
class PathPrefixTest {

  @RegisterExtension
  static final TestServer server = TestServer.with(Map.of("SOKETI_PATH_PREFIX", "/realtime"));
  static SignedApi api;

  @BeforeAll
  static void start() {
    api = SignedApi.forDefaultApp(server);
  }

  @Test
  void theWebSocketAndTheApiLiveUnderThePrefix() {
    try (RawWebSocket ws = RawWebSocket.established("ws://127.0.0.1:" + server.port() + "/realtime/app/app-key")) {
      ws.subscribe("prefixed");
      var r = api.post("/realtime/apps/app-id/events", "{\"name\":\"e\",\"channel\":\"prefixed\",\"data\":\"x\"}");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(ws.next()).isEqualTo("{\"event\":\"e\",\"channel\":\"prefixed\",\"data\":\"x\"}");
    }
  }

  @Test
  void theHealthRoutesLiveUnderThePrefix() {
    assertThat(api.raw("GET", "/realtime", null).body()).isEqualTo("OK");
    assertThat(api.raw("GET", "/realtime/ready", null).body()).isEqualTo("OK");
  }

  @Test
  void routesWithoutThePrefixAreNotFound() {
    assertThat(api.get("/apps/app-id/channels").statusCode()).isEqualTo(404);
    assertThat(api.raw("GET", "/ready", null).statusCode()).isEqualTo(404);
  }

  @Test
  void aSignatureOverThePathWithoutThePrefixIsRefused() {
    Map<String, String> params = new java.util.LinkedHashMap<>();
    params.put("auth_key", "app-key");
    params.put("auth_timestamp", "1700000000");
    params.put("auth_version", "1.0");
    params.put("auth_signature", RequestSignature.sign("GET", "/apps/app-id/channels", params, null, "app-secret"));
    assertThat(api.raw("GET", "/realtime/apps/app-id/channels?" + SignedApi.encode(params), null).statusCode()).isEqualTo(401);
  }
}
