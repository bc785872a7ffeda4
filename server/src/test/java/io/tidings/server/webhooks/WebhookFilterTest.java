package io.tidings.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.TestServer;
import io.tidings.server.support.WebhookReceiver;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which webhooks a target gets: its event types, and its channel filters (prefix AND suffix). */
class WebhookFilterTest {

  /** One request at a time: webhooks then arrive in the order they were raised, so "none before" holds. */
  private static final String ONE_AT_A_TIME = "SOKETI_WEBHOOKS_CONCURRENCY";

  @Test
  void onlyTheWantedEventTypesAreSent() {
    try (WebhookReceiver receiver = WebhookReceiver.start();
         TestServer server = TestServer.start(Map.of(ONE_AT_A_TIME, "1", "SOKETI_DEFAULT_APP_WEBHOOKS",
             "[{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"channel_vacated\"]}]"));
         RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.subscribe("news");
      ws.send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"news\"}}");
      assertThat(receiver.next().events().get(0).path("name").asText()).isEqualTo("channel_vacated");
      assertThat(receiver.count()).isEqualTo(1);
    }
  }

  @Test
  void prefixAndSuffixFiltersMustBothMatch() {
    String webhooks = "[{\"url\":\"" + "%s" + "\",\"event_types\":[\"channel_occupied\"],"
        + "\"filter\":{\"channel_name_starts_with\":\"orders-\",\"channel_name_ends_with\":\"-eu\"}}]";
    try (WebhookReceiver receiver = WebhookReceiver.start();
         TestServer server = TestServer.start(Map.of(ONE_AT_A_TIME, "1",
             "SOKETI_DEFAULT_APP_WEBHOOKS", webhooks.formatted(receiver.url())));
         RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.subscribe("orders-us");    // prefix only
      ws.subscribe("invoices-eu");  // suffix only
      ws.subscribe("orders-42-eu"); // both
      assertThat(receiver.next().events().get(0).path("channel").asText()).isEqualTo("orders-42-eu");
      // A marker channel that matches, subscribed last: when its webhook is in, the others had their chance.
      ws.subscribe("orders-marker-eu");
      assertThat(receiver.next().events().get(0).path("channel").asText()).isEqualTo("orders-marker-eu");
      assertThat(receiver.count()).isEqualTo(2);
    }
  }
}
