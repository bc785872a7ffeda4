package io.tidings.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.server.support.LogCapture;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.TestServer;
import io.tidings.server.support.WebhookReceiver;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What happens during the grace period of a stop, on an in-process node (the signal path is covered by
 * {@link ProcessLifecycleTest}): not ready, new connections refused with 4200, webhooks still leaving,
 * and what could not leave counted.
 */
class GracefulShutdownTest {

  private static final String CLOSING = "{\"error\":\"The server is closing. Choose another server. :)\",\"code\":";

  /** Starts stopping {@code server} in the background and waits until it is closing. */
  private static Thread stopInBackground(TestServer server) {
    Thread t = new Thread(server::close, "test-stop");
    t.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.server().context().isClosing());
    return t;
  }

  private static void join(Thread t) throws InterruptedException {
    t.join(Duration.ofSeconds(30));
  }

  @Test
  void readyAnswers503OnBothPortsDuringTheGracePeriod() throws Exception {
    TestServer server = TestServer.start(Map.of("SOKETI_SHUTDOWN_GRACE_PERIOD", "3000"));
    String main = server.httpBase() + "/ready";
    String metrics = server.metricsBase() + "/ready";
    Thread stop = stopInBackground(server);
    for (String url : new String[] {main, metrics}) {
      HttpResponse<String> r = MetricsServerTest.get(url);
      assertThat(r.statusCode()).as(url).isEqualTo(503);
      assertThat(r.body()).as(url).isEqualTo(CLOSING + "503}");
    }
    join(stop);
  }

  @Test
  void readyAnswers200WithCode500InSoketiStatusMode() throws Exception {
    TestServer server = TestServer.start(Map.of("SOKETI_SHUTDOWN_GRACE_PERIOD", "3000", "SOKETI_COMPAT_HTTP_200_ERRORS", "true"));
    String metrics = server.metricsBase() + "/ready";
    Thread stop = stopInBackground(server);
    HttpResponse<String> r = MetricsServerTest.get(metrics);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(CLOSING + "500}");
    join(stop);
  }

  @Test
  void newConnectionsGet4200DuringTheGracePeriod() throws Exception {
    TestServer server = TestServer.start(Map.of("SOKETI_SHUTDOWN_GRACE_PERIOD", "3000"));
    Thread stop = stopInBackground(server);
    try (RawWebSocket ws = RawWebSocket.connect(server.wsUrl())) {
      assertThat(ws.next()).isEqualTo(
          "{\"event\":\"pusher:error\",\"data\":{\"code\":4200,\"message\":\"Server is closing. Please reconnect shortly.\"}}");
      assertThat(ws.awaitClose()).isEqualTo(4200);
    }
    join(stop);
  }

  @Test
  void theEvictionsWebhooksLeaveDuringTheGracePeriod() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      Map<String, String> env = new HashMap<>();
      env.put("SOKETI_SHUTDOWN_GRACE_PERIOD", "2000");
      env.put("SOKETI_DEFAULT_APP_WEBHOOKS", "[{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"channel_vacated\"]}]");
      TestServer server = TestServer.start(env);
      try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
        ws.subscribe("news");
        Thread stop = stopInBackground(server);
        assertThat(ws.awaitClose()).isEqualTo(4200);
        assertThat(receiver.next().events().get(0).toString()).isEqualTo("{\"name\":\"channel_vacated\",\"channel\":\"news\"}");
        join(stop);
      }
    }
  }

  @Test
  void webhooksStillUndeliveredAfterTheGracePeriodAreReportedInOneLine() throws Exception {
    try (LogCapture logs = LogCapture.warnings(); WebhookReceiver receiver = WebhookReceiver.start()) {
      receiver.holdRequests();
      Map<String, String> env = new HashMap<>();
      env.put("SOKETI_SHUTDOWN_GRACE_PERIOD", "200");
      env.put("SOKETI_DEFAULT_APP_WEBHOOKS", "[{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"channel_occupied\"]}]");
      TestServer server = TestServer.start(env);
      try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
        ws.subscribe("news");
        receiver.next(); // held by the receiver: it will not be answered before the stop ends
        server.close();
      }
      assertThat(logs.linesWith("not delivered within the shutdown grace period")).singleElement()
          .satisfies(l -> assertThat(l).contains("1 webhook"));
    }
  }
}
