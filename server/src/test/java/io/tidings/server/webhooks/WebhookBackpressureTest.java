package io.tidings.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.server.support.LogCapture;
import io.tidings.server.support.PrometheusText;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.TestServer;
import io.tidings.server.support.WebhookReceiver;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A stuck receiver never slows the WebSocket side; what cannot be queued is given up, counted and logged once. */
class WebhookBackpressureTest {

  private static final int EVENTS = 20;

  private static Map<String, String> env(String url, String queueSize) {
    Map<String, String> env = new HashMap<>();
    env.put("SOKETI_METRICS_ENABLED", "true");
    env.put("SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES", "true");
    env.put("SOKETI_WEBHOOKS_CONCURRENCY", "1");
    env.put("SOKETI_WEBHOOKS_QUEUE_SIZE", queueSize);
    env.put("SOKETI_DEFAULT_APP_WEBHOOKS", "[{\"url\":\"" + url + "\",\"event_types\":[\"client_event\"]}]");
    return env;
  }

  /** Sends {@link #EVENTS} client events from {@code from} on "room"; {@code to} is subscribed too. */
  private static void chat(RawWebSocket from, RawWebSocket to) {
    from.subscribe("room");
    to.subscribe("room");
    for (int i = 0; i < EVENTS; i++) {
      from.send("{\"event\":\"client-msg\",\"channel\":\"room\",\"data\":{\"i\":" + i + "}}");
    }
  }

  @Test
  void messagesReachWebSocketClientsWhileTheWebhookReceiverIsBlocked() {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      CountDownLatch release = receiver.holdRequests();
      try (TestServer server = TestServer.start(env(receiver.url(), "10000"));
           RawWebSocket from = RawWebSocket.established(server.wsUrl());
           RawWebSocket to = RawWebSocket.established(server.wsUrl())) {
        from.subscribe("room");
        to.subscribe("room");
        from.send("{\"event\":\"client-msg\",\"channel\":\"room\",\"data\":{\"i\":0}}");
        receiver.next(); // its webhook is now stuck in the receiver, and with concurrency 1 no other can leave
        for (int i = 1; i < EVENTS; i++) {
          from.send("{\"event\":\"client-msg\",\"channel\":\"room\",\"data\":{\"i\":" + i + "}}");
        }
        for (int i = 0; i < EVENTS; i++) {
          assertThat(to.nextEvent("client-msg").path("data").path("i").asInt()).isEqualTo(i);
        }
        // Every message arrived while the receiver still held the first webhook and had seen no other.
        assertThat(release.getCount()).isEqualTo(1);
        assertThat(receiver.count()).isEqualTo(1);
        release.countDown();
        for (int i = 1; i < EVENTS; i++) receiver.next();
      }
    }
  }

  @Test
  void webhooksThatDoNotFitTheQueueAreCountedAsGivenUp() {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      receiver.holdRequests();
      try (TestServer server = TestServer.start(env(receiver.url(), "2"));
           RawWebSocket from = RawWebSocket.established(server.wsUrl());
           RawWebSocket to = RawWebSocket.established(server.wsUrl())) {
        chat(from, to);
        for (int i = 0; i < EVENTS; i++) to.nextEvent("client-msg");
        // One POST held by the receiver, one waiting: the queue of 2 is full, the other 18 are given up.
        await().atMost(Duration.ofSeconds(10)).until(() -> PrometheusText.valueOrZero(server.scrape(),
            "tidings_webhooks_given_up_total", Map.of("app_id", "app-id", "reason", "queue_full")) == EVENTS - 2);
      }
    }
  }

  @Test
  void aFloodOfGivenUpWebhooksIsLoggedOnceWithAppTargetTypeAndReason() {
    try (LogCapture logs = LogCapture.warnings(); WebhookReceiver receiver = WebhookReceiver.start()) {
      receiver.holdRequests();
      try (TestServer server = TestServer.start(env(receiver.url() + "?token=s3cr3t-token", "2"));
           RawWebSocket from = RawWebSocket.established(server.wsUrl());
           RawWebSocket to = RawWebSocket.established(server.wsUrl())) {
        chat(from, to);
        for (int i = 0; i < EVENTS; i++) to.nextEvent("client-msg");
        await().atMost(Duration.ofSeconds(10)).until(() -> !logs.linesWith("queue_full").isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> PrometheusText.valueOrZero(server.scrape(),
            "tidings_webhooks_given_up_total", Map.of("reason", "queue_full")) == EVENTS - 2);
        assertThat(logs.linesWith("queue_full")).singleElement().satisfies(line -> assertThat(line)
            .contains("app app-id").contains("client_event").contains(receiver.url()).doesNotContain("s3cr3t-token"));
      }
    }
  }

  @Test
  void lambdaTargetsAreReportedOnceAndTheirEventsCounted() {
    String webhooks = "[{\"lambda_function\":\"my-fn\",\"lambda\":{\"async\":true,\"region\":\"eu-west-1\"},"
        + "\"event_types\":[\"channel_occupied\"]}]";
    try (LogCapture logs = LogCapture.warnings();
         TestServer server = TestServer.start(Map.of("SOKETI_METRICS_ENABLED", "true", "SOKETI_DEFAULT_APP_WEBHOOKS", webhooks));
         RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.subscribe("a");
      ws.subscribe("b");
      await().atMost(Duration.ofSeconds(10)).until(() -> PrometheusText.valueOrZero(server.scrape(),
          "tidings_webhooks_given_up_total", Map.of("reason", "unsupported_target")) == 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> !logs.linesWith("Lambda").isEmpty());
      assertThat(logs.linesWith("Lambda")).singleElement().satisfies(l -> assertThat(l).contains("app-id").contains("my-fn"));
    }
  }
}
