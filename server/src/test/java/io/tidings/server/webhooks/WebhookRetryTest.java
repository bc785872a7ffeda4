package io.tidings.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.server.support.PrometheusText;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.TestServer;
import io.tidings.server.support.WebhookReceiver;
import io.tidings.server.support.WebhookReceiver.Request;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retries: after a refused connection or a 5xx the POST is tried again (same bytes, same signature) with
 * backoff, up to {@code SOKETI_WEBHOOKS_MAX_ATTEMPTS}; a 4xx is final. Everything given up is counted.
 */
class WebhookRetryTest {

  private static TestServer serverSending(String url, String maxAttempts) {
    Map<String, String> env = new HashMap<>();
    env.put("SOKETI_METRICS_ENABLED", "true");
    env.put("SOKETI_WEBHOOKS_MAX_ATTEMPTS", maxAttempts);
    env.put("SOKETI_DEFAULT_APP_WEBHOOKS", "[{\"url\":\"" + url + "\",\"event_types\":[\"channel_occupied\"]}]");
    return TestServer.start(env);
  }

  private static double metric(TestServer server, String name, String reason) {
    Map<String, String> labels = reason == null ? Map.of("app_id", "app-id") : Map.of("app_id", "app-id", "reason", reason);
    return PrometheusText.valueOrZero(server.scrape(), name, labels);
  }

  @Test
  void aReceiverThatIsDownAndThenUpGetsTheWebhook() {
    int port = WebhookReceiver.unusedPort();
    try (TestServer server = serverSending("http://127.0.0.1:" + port + "/webhooks", "30");
         RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.subscribe("news");
      await().atMost(Duration.ofSeconds(10)).until(() -> metric(server, "tidings_webhooks_failed_total", null) >= 1);
      try (WebhookReceiver receiver = WebhookReceiver.startOn(port)) {
        assertThat(receiver.next().events().get(0).path("channel").asText()).isEqualTo("news");
        // Counted once the answer is back: the receiver recorded the request before answering it.
        await().atMost(Duration.ofSeconds(10)).until(() -> metric(server, "tidings_webhooks_sent_total", null) == 1);
      }
    }
  }

  @Test
  void aReceiverDownForThreeSecondsGetsEveryWebhookAfterwardsAndNothingIsGivenUp() throws Exception {
    int port = WebhookReceiver.unusedPort();
    int channels = 20;
    try (TestServer server = serverSending("http://127.0.0.1:" + port + "/webhooks", "30");
         RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      long downAt = System.nanoTime();
      for (int i = 0; i < channels; i++) ws.subscribe("down-" + i);
      Thread.sleep(3_000);
      double failedWhileDown = metric(server, "tidings_webhooks_failed_total", null);
      long upAt = System.nanoTime();
      java.util.Set<String> got = new java.util.HashSet<>();
      int posts = 0;
      try (WebhookReceiver receiver = WebhookReceiver.startOn(port)) {
        while (got.size() < channels) {
          Request r = receiver.next();
          posts++;
          r.events().forEach(e -> got.add(e.path("channel").asText()));
        }
        long allInMs = io.tidings.server.support.Reliability.millisSince(upAt);
        await().atMost(Duration.ofSeconds(10)).until(() -> metric(server, "tidings_webhooks_sent_total", null) == channels);
        io.tidings.server.support.Reliability.of("webhook-receiver-down-3s").put("webhooks", channels)
            .put("downMs", (upAt - downAt) / 1_000_000).put("failedAttemptsWhileDown", (long) failedWhileDown)
            .put("deliveredAfterUp", got.size()).put("posts", posts).put("allDeliveredAfterUpMs", allInMs)
            .put("givenUp", (long) metric(server, "tidings_webhooks_given_up_total", "attempts_exhausted"))
            .print();
        assertThat(failedWhileDown).isGreaterThanOrEqualTo(channels);
        assertThat(metric(server, "tidings_webhooks_given_up_total", "attempts_exhausted")).isZero();
        assertThat(receiver.poll(500)).as("each webhook once").isNull();
      }
    }
  }

  @Test
  void aReceiverThatStaysDownHasEveryWebhookGivenUpCountedAndLoggedOnce() {
    int port = WebhookReceiver.unusedPort();
    int channels = 10;
    try (io.tidings.server.support.LogCapture logs = io.tidings.server.support.LogCapture.warnings();
         TestServer server = serverSending("http://127.0.0.1:" + port + "/webhooks", "2");
         RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      for (int i = 0; i < channels; i++) ws.subscribe("gone-" + i);
      await().atMost(Duration.ofSeconds(15))
          .until(() -> metric(server, "tidings_webhooks_given_up_total", "attempts_exhausted") == channels);
      await().atMost(Duration.ofSeconds(15)).until(() -> !logs.linesWith("Webhook given up (attempts_exhausted)").isEmpty());
      io.tidings.server.support.Reliability.of("webhook-receiver-gone").put("webhooks", channels).put("maxAttempts", 2)
          .put("failedAttempts", (long) metric(server, "tidings_webhooks_failed_total", null))
          .put("givenUp", (long) metric(server, "tidings_webhooks_given_up_total", "attempts_exhausted"))
          .put("logLines", logs.linesWith("Webhook given up (attempts_exhausted)").size()).print();
      assertThat(metric(server, "tidings_webhooks_failed_total", null)).isEqualTo(2 * channels);
      assertThat(logs.linesWith("Webhook given up (attempts_exhausted)")).hasSize(1);
    }
  }

  @Test
  void a500IsRetriedWithTheSameBodyUntilItSucceeds() {
    try (WebhookReceiver receiver = WebhookReceiver.start().respondWith(500, 503);
         TestServer server = serverSending(receiver.url(), "6");
         RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.subscribe("news");
      Request first = receiver.next();
      receiver.next();
      Request third = receiver.next();
      assertThat(third.body()).isEqualTo(first.body());
      assertThat(third.header("X-Pusher-Signature")).isEqualTo(first.header("X-Pusher-Signature"));
      await().atMost(Duration.ofSeconds(10)).until(() -> metric(server, "tidings_webhooks_sent_total", null) == 1);
      assertThat(metric(server, "tidings_webhooks_failed_total", null)).isEqualTo(2);
    }
  }

  @Test
  void a400IsNotRetriedAndIsCountedAsGivenUp() {
    try (WebhookReceiver receiver = WebhookReceiver.start().respondWith(400);
         TestServer server = serverSending(receiver.url(), "6");
         RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.subscribe("news");
      receiver.next();
      await().atMost(Duration.ofSeconds(10))
          .until(() -> metric(server, "tidings_webhooks_given_up_total", "rejected") == 1);
      assertThat(receiver.count()).isEqualTo(1);
      assertThat(metric(server, "tidings_webhooks_sent_total", null)).isZero();
    }
  }

  @Test
  void attemptsStopAtTheMaximumAndTheWebhookIsCountedAsGivenUp() {
    try (WebhookReceiver receiver = WebhookReceiver.start().respondWith(500, 500, 500, 500, 500);
         TestServer server = serverSending(receiver.url(), "3");
         RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.subscribe("news");
      await().atMost(Duration.ofSeconds(10))
          .until(() -> metric(server, "tidings_webhooks_given_up_total", "attempts_exhausted") == 1);
      assertThat(receiver.count()).isEqualTo(3);
      assertThat(metric(server, "tidings_webhooks_failed_total", null)).isEqualTo(3);
    }
  }

  @Test
  void aWebhookWithAnInvalidUrlIsGivenUpWithoutAnAttempt() {
    try (TestServer server = serverSending("not a url", "6");
         RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.subscribe("news");
      await().atMost(Duration.ofSeconds(10))
          .until(() -> metric(server, "tidings_webhooks_given_up_total", "invalid_request") == 1);
      assertThat(metric(server, "tidings_webhooks_failed_total", null)).isZero();
    }
  }
}
