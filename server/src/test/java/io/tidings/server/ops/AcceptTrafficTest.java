package io.tidings.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.server.support.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /accept-traffic} on the main port, against {@code SOKETI_HTTP_ACCEPT_TRAFFIC_MEMORY_THRESHOLD}. */
class AcceptTrafficTest {

  @Test
  void belowTheThresholdItReportsTheMemoryInSoketisShape() throws Exception {
    try (TestServer server = TestServer.start(Map.of("SOKETI_HTTP_ACCEPT_TRAFFIC_MEMORY_THRESHOLD", "100"))) {
      HttpResponse<String> r = MetricsServerTest.get(server.httpBase() + "/accept-traffic");
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode memory = new ObjectMapper().readTree(r.body()).path("memory");
      assertThat(memory.path("usedSize").asLong()).isPositive();
      assertThat(memory.path("totalSize").asLong()).isEqualTo(Runtime.getRuntime().maxMemory());
      assertThat(memory.path("percentUsage").asDouble()).isBetween(0.0, 100.0);
    }
  }

  @Test
  void aboveTheThresholdItRefusesWith503() {
    try (TestServer server = TestServer.start(Map.of("SOKETI_HTTP_ACCEPT_TRAFFIC_MEMORY_THRESHOLD", "0"))) {
      HttpResponse<String> r = MetricsServerTest.get(server.httpBase() + "/accept-traffic");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).isEqualTo("{\"error\":\"Low on memory here. Choose another server. :)\",\"code\":503}");
    }
  }

  @Test
  void aboveTheThresholdInSoketiStatusModeItAnswers200WithCode500() {
    try (TestServer server = TestServer.start(Map.of("SOKETI_HTTP_ACCEPT_TRAFFIC_MEMORY_THRESHOLD", "0",
        "SOKETI_COMPAT_HTTP_200_ERRORS", "true"))) {
      HttpResponse<String> r = MetricsServerTest.get(server.httpBase() + "/accept-traffic");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("{\"error\":\"Low on memory here. Choose another server. :)\",\"code\":500}");
    }
  }
}
