package io.tidings.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metrics server's health routes, served whether or not metrics are enabled, as Soketi's. */
class MetricsServerTest {

  static HttpResponse<String> get(String url) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theRootAnswersOk() {
    try (TestServer server = TestServer.start()) {
      HttpResponse<String> r = get(server.metricsBase() + "/");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("OK");
    }
  }

  @Test
  void readyAnswersOkWhileRunning() {
    try (TestServer server = TestServer.start()) {
      HttpResponse<String> r = get(server.metricsBase() + "/ready");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("OK");
    }
  }

  @Test
  void usageReportsTheJvmMemoryInSoketisShape() throws Exception {
    try (TestServer server = TestServer.start()) {
      HttpResponse<String> r = get(server.metricsBase() + "/usage");
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode memory = new ObjectMapper().readTree(r.body()).path("memory");
      long free = memory.path("free").asLong();
      long used = memory.path("used").asLong();
      long total = memory.path("total").asLong();
      assertThat(used).isPositive();
      assertThat(total).isEqualTo(Runtime.getRuntime().maxMemory());
      assertThat(free + used).isEqualTo(total);
      assertThat(memory.path("percent").asDouble()).isBetween(0.0, 100.0);
    }
  }

  @Test
  void routesLiveUnderThePathPrefix() {
    try (TestServer server = TestServer.start(Map.of("SOKETI_PATH_PREFIX", "/rt", "SOKETI_METRICS_ENABLED", "true"))) {
      assertThat(get(server.metricsBase() + "/rt/ready").body()).isEqualTo("OK");
      assertThat(get(server.metricsBase() + "/rt/metrics").body()).contains("jvm_memory_used_bytes");
      assertThat(get(server.metricsBase() + "/ready").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void unknownRoutesAreEmpty404s() {
    try (TestServer server = TestServer.start()) {
      HttpResponse<String> r = get(server.metricsBase() + "/nothing-here");
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).isEmpty();
    }
  }

  @Test
  void aBusyMetricsPortStopsStartUpNamingTheVariable() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.start(
          Map.of("SOKETI_METRICS_SERVER_PORT", Integer.toString(taken.getLocalPort()))))
          .hasMessageContaining("SOKETI_METRICS_SERVER_PORT").hasMessageContaining(Integer.toString(taken.getLocalPort()));
    }
  }
}
