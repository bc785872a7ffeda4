package io.tidings.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.server.auth.Signatures;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.TestServer;
import io.tidings.server.support.WebhookReceiver;
import io.tidings.server.support.WebhookReceiver.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code SOKETI_WEBHOOKS_BATCHING}: events raised together leave in one POST, batched per app and per
 * webhook, each POST holding only what its webhook wants. The window is generous (1.5 s) and the events
 * are raised by frames sent back to back; the tests wait for every event rather than for a time.
 */
class WebhookBatchingTest {

  private static final Map<String, String> BATCHING = Map.of(
      "SOKETI_WEBHOOKS_BATCHING", "true", "SOKETI_WEBHOOKS_BATCHING_DURATION", "1500");

  @Test
  void eventsRaisedTogetherArriveInOnePost() {
    Map<String, String> env = new HashMap<>(BATCHING);
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      env.put("SOKETI_DEFAULT_APP_WEBHOOKS", "[{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"channel_occupied\"]}]");
      try (TestServer server = TestServer.start(env);
           RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
        ws.subscribe("a");
        ws.subscribe("b");
        ws.subscribe("c");
        List<Request> posts = untilEvents(receiver, 3);
        assertThat(posts).hasSize(1);
        assertThat(channels(posts)).containsExactly("a", "b", "c");
      }
    }
  }

  @Test
  void eachWebhookGetsItsOwnPostWithOnlyTheEventsItWants() {
    Map<String, String> env = new HashMap<>(BATCHING);
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      env.put("SOKETI_DEFAULT_APP_WEBHOOKS", "["
          + "{\"url\":\"" + receiver.url("/all-occupied") + "\",\"event_types\":[\"channel_occupied\"]},"
          + "{\"url\":\"" + receiver.url("/x-only") + "\",\"event_types\":[\"channel_occupied\",\"channel_vacated\"],"
          + "\"filter\":{\"channel_name_starts_with\":\"x-\"}}]");
      try (TestServer server = TestServer.start(env);
           RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
        ws.subscribe("x-1");
        ws.subscribe("y-1");
        ws.send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"x-1\"}}");
        // 2 occupied for the first webhook, occupied + vacated of x-1 for the second.
        Map<String, List<String>> byPath = new HashMap<>();
        for (Request r : untilEvents(receiver, 4)) {
          for (JsonNode e : r.events()) {
            byPath.computeIfAbsent(r.path(), k -> new ArrayList<>()).add(e.path("name").asText() + ":" + e.path("channel").asText());
          }
        }
        assertThat(byPath.get("/all-occupied")).containsExactly("channel_occupied:x-1", "channel_occupied:y-1");
        assertThat(byPath.get("/x-only")).containsExactly("channel_occupied:x-1", "channel_vacated:x-1");
      }
    }
  }

  @Test
  void batchesAreKeptPerAppAndSignedWithThatAppsSecret() {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      String config = """
          {"appManager.array.apps": [
            {"id": "one", "key": "key-one", "secret": "secret-one",
             "webhooks": [{"url": "%s", "event_types": ["channel_occupied"]}]},
            {"id": "two", "key": "key-two", "secret": "secret-two",
             "webhooks": [{"url": "%s", "event_types": ["channel_occupied"]}]}]}
          """.formatted(receiver.url("/one"), receiver.url("/two"));
      try (TestServer server = TestServer.start(BATCHING, config);
           RawWebSocket one = RawWebSocket.established(server.wsUrl("key-one"));
           RawWebSocket two = RawWebSocket.established(server.wsUrl("key-two"))) {
        one.subscribe("news");
        two.subscribe("sport");
        List<Request> posts = untilEvents(receiver, 2);
        assertThat(posts).hasSize(2);
        for (Request r : posts) {
          String app = r.path().substring(1);
          assertThat(r.header("X-Pusher-Key")).isEqualTo("key-" + app);
          assertThat(r.header("X-Pusher-Signature"))
              .isEqualTo(HexFormat.of().formatHex(Signatures.hmacSha256("secret-" + app, r.body())));
          assertThat(r.events()).extracting(e -> e.path("channel").asText())
              .containsExactly(app.equals("one") ? "news" : "sport");
        }
      }
    }
  }

  /** POSTs received until they hold {@code events} events in all. */
  private static List<Request> untilEvents(WebhookReceiver receiver, int events) {
    List<Request> posts = new ArrayList<>();
    int n = 0;
    while (n < events) {
      Request r = receiver.next();
      posts.add(r);
      n += r.events().size();
    }
    return posts;
  }

  private static List<String> channels(List<Request> posts) {
    List<String> out = new ArrayList<>();
    posts.forEach(p -> p.events().forEach(e -> out.add(e.path("channel").asText())));
    return out;
  }
}
