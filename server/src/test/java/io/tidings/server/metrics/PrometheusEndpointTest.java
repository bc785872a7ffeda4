package io.tidings.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.server.support.PrometheusText;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /metrics} after real traffic: Soketi's names, labels and values, and Tidings' own metrics. */
class PrometheusEndpointTest {

  private static final List<String> SOKETI_NAMES = List.of("soketi_connected", "soketi_new_connections_total",
      "soketi_new_disconnections_total", "soketi_socket_received_bytes", "soketi_socket_transmitted_bytes",
      "soketi_ws_messages_received_total", "soketi_ws_messages_sent_total", "soketi_http_received_bytes",
      "soketi_http_transmitted_bytes", "soketi_http_calls_received_total");
  private static final Map<String, String> ENABLED = Map.of("SOKETI_METRICS_ENABLED", "true");

  private static HttpResponse<String> get(String url) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Two clients on "news", three events published to it, then client {@code b} leaves ({@code a} stays
   * open). Returns the API bodies sent; {@code subscribeFrames} gets the frames the clients sent.
   */
  private static List<String> traffic(TestServer server, RawWebSocket a, RawWebSocket b, List<String> subscribeFrames) {
    List<String> bodies = new ArrayList<>();
    {
      for (RawWebSocket ws : List.of(a, b)) {
        String frame = "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"news\"}}";
        ws.send(frame);
        subscribeFrames.add(frame);
        ws.nextEvent("pusher_internal:subscription_succeeded");
      }
      SignedApi api = SignedApi.forDefaultApp(server);
      for (int i = 0; i < 3; i++) {
        String body = "{\"name\":\"tick\",\"channel\":\"news\",\"data\":\"" + i + "\"}";
        assertThat(api.post("/apps/app-id/events", body).statusCode()).isEqualTo(200);
        bodies.add(body);
      }
      for (RawWebSocket ws : List.of(a, b)) {
        for (int i = 0; i < 3; i++) ws.nextEvent("tick");
      }
      b.close();
      await().atMost(Duration.ofSeconds(10)).until(() -> PrometheusText.valueOrZero(server.scrape(),
          "soketi_new_disconnections_total", Map.of()) == 1);
      return bodies;
    }
  }

  @Test
  void soketisMetricNamesAreExposedExactlyWithAppAndPortLabels() {
    try (TestServer server = TestServer.start(ENABLED);
         RawWebSocket a = RawWebSocket.established(server.wsUrl());
         RawWebSocket b = RawWebSocket.established(server.wsUrl())) {
      traffic(server, a, b, new ArrayList<>());
      String text = server.scrape();
      Map<String, String> labels = Map.of("app_id", "app-id", "port", Integer.toString(server.port()));
      for (String name : SOKETI_NAMES) {
        assertThat(PrometheusText.value(text, name, labels)).as(name).isPresent();
        assertThat(text).as(name).containsPattern("(?m)^# TYPE " + name + " (counter|gauge)$");
      }
    }
  }

  @Test
  void theCountsMatchTheTraffic() {
    try (TestServer server = TestServer.start(ENABLED);
         RawWebSocket a = RawWebSocket.established(server.wsUrl());
         RawWebSocket b = RawWebSocket.established(server.wsUrl())) {
      List<String> subscribes = new ArrayList<>();
      List<String> bodies = traffic(server, a, b, subscribes);
      String text = server.scrape();
      Map<String, String> app = Map.of("app_id", "app-id");
      assertThat(PrometheusText.valueOrZero(text, "soketi_connected", app)).isEqualTo(1); // a still open
      assertThat(PrometheusText.valueOrZero(text, "soketi_new_connections_total", app)).isEqualTo(2);
      assertThat(PrometheusText.valueOrZero(text, "soketi_new_disconnections_total", app)).isEqualTo(1);
      assertThat(PrometheusText.valueOrZero(text, "soketi_ws_messages_received_total", app)).isEqualTo(2);
      // Per client: connection_established, subscription_succeeded and the three events.
      assertThat(PrometheusText.valueOrZero(text, "soketi_ws_messages_sent_total", app)).isEqualTo(10);
      assertThat(PrometheusText.valueOrZero(text, "soketi_socket_received_bytes", app))
          .isEqualTo(subscribes.stream().mapToInt(s -> s.getBytes(StandardCharsets.UTF_8).length).sum());
      assertThat(PrometheusText.valueOrZero(text, "soketi_socket_transmitted_bytes", app)).isPositive();
      assertThat(PrometheusText.valueOrZero(text, "soketi_http_calls_received_total", app)).isEqualTo(3);
      assertThat(PrometheusText.valueOrZero(text, "soketi_http_received_bytes", app))
          .isEqualTo(bodies.stream().mapToInt(s -> s.getBytes(StandardCharsets.UTF_8).length).sum());
      assertThat(PrometheusText.valueOrZero(text, "soketi_http_transmitted_bytes", app)).isEqualTo(3 * "{\"ok\":true}".length());
      assertThat(PrometheusText.valueOrZero(text, "tidings_messages_delivered_total", Map.of())).isEqualTo(10);
    }
  }

  @Test
  void jsonAsksForPromClientsJsonShape() throws Exception {
    try (TestServer server = TestServer.start(ENABLED);
         RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      HttpResponse<String> r = get(server.metricsBase() + "/metrics?json=1");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonNode metrics = new ObjectMapper().readTree(r.body());
      JsonNode connections = null;
      for (JsonNode m : metrics) {
        if (m.path("name").asText().equals("soketi_new_connections_total")) connections = m;
      }
      assertThat(connections).isNotNull();
      assertThat(connections.path("type").asText()).isEqualTo("counter");
      assertThat(connections.path("values").get(0).path("value").asLong()).isEqualTo(1);
      assertThat(connections.path("values").get(0).path("labels").path("app_id").asText()).isEqualTo("app-id");
    }
  }

  @Test
  void thePrefixVariableRenamesSoketisMetrics() {
    try (TestServer server = TestServer.start(Map.of("SOKETI_METRICS_ENABLED", "true",
        "SOKETI_METRICS_PROMETHEUS_PREFIX", "realtime_"));
         RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      String text = server.scrape();
      assertThat(PrometheusText.value(text, "realtime_connected", Map.of("app_id", "app-id"))).hasValue(1);
      assertThat(text).doesNotContain("soketi_connected");
    }
  }

  @Test
  void tidingsOwnAndJvmMetricsAreExposed() {
    try (TestServer server = TestServer.start(ENABLED);
         RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.send("not json");
      ws.nextEvent("pusher:error");
      String text = server.scrape();
      assertThat(PrometheusText.value(text, "tidings_bad_frames_total", Map.of("reason", "json"))).hasValue(1);
      assertThat(PrometheusText.value(text, "tidings_webhooks_queue_depth", Map.of())).hasValue(0);
      assertThat(PrometheusText.value(text, "tidings_bus_published_messages_total", Map.of())).isPresent();
      assertThat(PrometheusText.value(text, "tidings_bus_peers", Map.of())).isPresent();
      assertThat(PrometheusText.value(text, "tidings_bus_dropped_messages_total", Map.of())).hasValue(0);
      assertThat(PrometheusText.value(text, "tidings_bus_dropped_deliveries_total", Map.of())).hasValue(0);
      assertThat(text).contains("jvm_memory_used_bytes{").contains("jvm_threads_live_threads");
    }
  }

  @Test
  void metricsAreNotServedWhenDisabled() {
    try (TestServer server = TestServer.start(Map.of())) {
      assertThat(get(server.metricsBase() + "/metrics").statusCode()).isEqualTo(404);
      assertThat(get(server.metricsBase() + "/").body()).isEqualTo("OK");
    }
  }
}
