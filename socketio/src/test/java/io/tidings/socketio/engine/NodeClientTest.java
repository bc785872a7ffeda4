package io.tidings.socketio.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.testing.node.JsonLines;
import io.tidings.testing.node.NodeProject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Node's {@code engine.io-client} 6.6.8 (what socket.io-client 4.8.4 uses) against the Tidings engine: it
 * opens over polling, upgrades to WebSocket by itself, and exchanges text and binary both ways, with
 * heartbeats running at 300 ms; a second client uses WebSocket alone.
 *
 * <p>The package is installed from the npm registry into {@code target/node-engine-client}; the test fails
 * if that fails, and is skipped only when {@code node} is not installed.
 */
class NodeClientTest {

  private static final NodeProject PROJECT = NodeProject.of(Path.of("src/test/node/engine-client"), Path.of("target/node-engine-client"));

  @Test
  void nodesClientOpensOverPollingUpgradesAndExchangesTextAndBinary() throws Exception {
    NodeProject.assumeNode();
    try (EngineTestServer server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/")
        .pingInterval(Duration.ofMillis(300)).pingTimeout(Duration.ofMillis(2000)).build());
         JsonLines node = start(server.port(), "polling,websocket")) {
      JsonNode open = node.take(e -> e.path("event").asText().equals("open"));
      String sid = open.get("id").asText();
      assertThat(open.get("transport").asText()).isEqualTo("polling");
      assertThat(server.await("connection " + sid)).isEqualTo("connection " + sid + " polling");

      node.take(e -> e.path("event").asText().equals("upgrade"));
      assertThat(server.await("upgrade " + sid)).isEqualTo("upgrade " + sid + " websocket");

      node.send("{\"cmd\":\"send\",\"text\":\"héllo from node\"}");
      node.send("{\"cmd\":\"sendBinary\",\"hex\":\"00ff10\"}");
      assertThat(node.take(e -> e.path("data").asText().equals("héllo from node")).get("transport").asText())
          .isEqualTo("websocket");
      node.take(e -> e.path("data").asText().equals("binary:00ff10"));

      server.socket(sid).sendText("from java");
      server.socket(sid).sendBinary(new byte[] {7, 7});
      node.take(e -> e.path("data").asText().equals("from java"));
      node.take(e -> e.path("data").asText().equals("binary:0707"));
      node.take(e -> e.path("event").asText().equals("ping"));
      node.take(e -> e.path("event").asText().equals("ping"));

      node.send("{\"cmd\":\"close\"}");
      assertThat(node.take(e -> e.path("event").asText().equals("close")).get("reason").asText())
          .isEqualTo("forced close");
      assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " transport close");
    }
  }

  @Test
  void nodesClientOverPollingAloneSendsBinaryAsBase64AndHearsTheServerClose() throws Exception {
    NodeProject.assumeNode();
    try (EngineTestServer server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/").build());
         JsonLines node = start(server.port(), "polling")) {
      String sid = node.take(e -> e.path("event").asText().equals("open")).get("id").asText();

      node.send("{\"cmd\":\"sendBinary\",\"hex\":\"0102\"}");
      node.send("{\"cmd\":\"send\",\"text\":\"close-me\"}");

      node.take(e -> e.path("data").asText().equals("binary:0102"));
      node.take(e -> e.path("data").asText().equals("close-me"));
      assertThat(node.take(e -> e.path("event").asText().equals("close")).get("reason").asText())
          .isEqualTo("transport close");
      assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " forced close");
    }
  }

  @Test
  void nodesClientOverWebSocketAlone() throws Exception {
    NodeProject.assumeNode();
    try (EngineTestServer server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/").build());
         JsonLines node = start(server.port(), "websocket")) {
      JsonNode open = node.take(e -> e.path("event").asText().equals("open"));
      String sid = open.get("id").asText();
      assertThat(open.get("transport").asText()).isEqualTo("websocket");

      node.send("{\"cmd\":\"send\",\"text\":\"over ws\"}");
      node.take(e -> e.path("data").asText().equals("over ws"));

      server.socket(sid).close();
      assertThat(node.take(e -> e.path("event").asText().equals("close")).get("reason").asText())
          .isEqualTo("transport close");
      assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " forced close");
    }
  }

  private static JsonLines start(int port, String transports) throws IOException {
    return JsonLines.start(PROJECT, "client.js", Map.of("URL", "http://127.0.0.1:" + port, "TRANSPORTS", transports),
        JsonLines.Options.DEFAULTS.withTimeout(Duration.ofSeconds(20)).withFailOnErrorLines(false));
  }
}
