package io.tidings.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.support.ChannelAuth;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.ServerProcess;
import io.tidings.server.support.WebhookReceiver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessLifecycleTest {

  @Test
  void anUnreadableCertificateStopsStartUpNamingTheVariable() throws Exception {
    var pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), "io.tidings.server.Main", "start");
    pb.environment().keySet().removeIf(k -> k.startsWith("SOKETI_"));
    pb.environment().put("SOKETI_PORT", "0");
    pb.environment().put("SOKETI_METRICS_SERVER_PORT", "0");
    pb.environment().put("SOKETI_SSL_CERT", "/nonexistent/cert.pem");
    pb.environment().put("SOKETI_SSL_KEY", "/nonexistent/key.pem");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).isEqualTo(2);
    assertThat(out).contains("SOKETI_SSL_CERT").contains("/nonexistent/cert.pem");
  }

  @Test
  void sigtermClosesLiveSocketsWith4200AndExitsZero() {
    try (ServerProcess node = ServerProcess.start(Map.of("SOKETI_SHUTDOWN_GRACE_PERIOD", "200"));
         RawWebSocket ws = RawWebSocket.established(node.wsUrl("app-key"))) {
      node.terminate();
      assertThat(ws.next()).isEqualTo(
          "{\"event\":\"pusher:error\",\"data\":{\"code\":4200,\"message\":\"Server closed. Please reconnect shortly.\"}}");
      assertThat(ws.awaitClose()).isEqualTo(4200);
      assertThat(node.awaitExit(20)).isZero();
    }
  }

  @Test
  void sigtermSendsTheWebhooksOfItsEvictionsBeforeExiting() {
    try (WebhookReceiver receiver = WebhookReceiver.start();
         ServerProcess node = ServerProcess.start(Map.of("SOKETI_SHUTDOWN_GRACE_PERIOD", "1000",
             "SOKETI_DEFAULT_APP_WEBHOOKS", "[{\"url\":\"" + receiver.url()
                 + "\",\"event_types\":[\"channel_vacated\",\"member_removed\"]}]"));
         RawWebSocket ws = RawWebSocket.established(node.wsUrl("app-key"))) {
      ws.subscribe("news");
      ChannelAuth.subscribePresence(ws, "presence-room", "{\"user_id\":5}");
      node.terminate();
      assertThat(ws.awaitClose()).isEqualTo(4200);
      List<String> events = new ArrayList<>();
      while (events.size() < 3) receiver.next().events().forEach(e -> events.add(e.toString()));
      assertThat(events).containsExactlyInAnyOrder(
          "{\"name\":\"channel_vacated\",\"channel\":\"news\"}",
          "{\"name\":\"channel_vacated\",\"channel\":\"presence-room\"}",
          "{\"name\":\"member_removed\",\"channel\":\"presence-room\",\"user_id\":5}");
      assertThat(node.awaitExit(20)).isZero();
    }
  }

  @Test
  void aCleanRunLogsOneLineToStartAndOneEachToBeginAndEndTheStop() {
    try (ServerProcess node = ServerProcess.start(Map.of("SOKETI_SHUTDOWN_GRACE_PERIOD", "100"));
         RawWebSocket ws = RawWebSocket.established(node.wsUrl("app-key"))) {
      ws.subscribe("news");
      node.terminate();
      assertThat(node.awaitExit(20)).isZero();
      List<String> lines = node.output();
      assertThat(lines).as(String.join("\n", lines)).hasSize(3);
      assertThat(lines.get(0)).contains("INFO").contains("Tidings started on 127.0.0.1:" + node.port());
      assertThat(lines.get(1)).contains("INFO").contains("Stopping");
      assertThat(lines.get(2)).contains("INFO").contains("Stopped");
    }
  }

  @Test
  void anInvalidVariableStopsStartUpNamingIt() {
    var pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), "io.tidings.server.Main", "start");
    pb.environment().put("SOKETI_PORT", "not-a-port");
    pb.redirectErrorStream(true);
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).isEqualTo(2);
      assertThat(out).contains("SOKETI_PORT").contains("not-a-port");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
