package io.tidings.server.pusher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.server.support.PusherAuth;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cache channels: a subscriber gets {@code pusher:cache_miss} when nothing was published, else the last
 * event published through the HTTP API, right after its {@code subscription_succeeded}; for every cache
 * prefix, and only for {@code SOKETI_CHANNEL_CACHE_TTL} seconds.
 */
class CacheChannelsTest {

  @RegisterExtension
  static final TestServer server = TestServer.with(Map.of());
  static SignedApi api;
  static final PusherAuth AUTH = PusherAuth.defaultApp();

  @BeforeAll
  static void start() {
    api = SignedApi.forDefaultApp(server);
  }

  private static void publish(String channel, String event, String dataJson) {
    var r = api.post("/apps/app-id/events", "{\"name\":\"" + event + "\",\"channel\":\"" + channel + "\",\"data\":" + dataJson + "}");
    assertThat(r.statusCode()).isEqualTo(200);
  }

  /** Subscribes to {@code channel} (signing when needed) and returns the frames after the success reply. */
  private static RawWebSocket subscribe(TestServer s, String channel) {
    RawWebSocket ws = RawWebSocket.established(s.wsUrl());
    if (channel.startsWith("presence-")) {
      ws.send(AUTH.subscribePresence(ws.socketId(), channel, "{\"user_id\":\"c\"}"));
    } else if (channel.startsWith("private-")) {
      ws.send(AUTH.subscribePrivate(ws.socketId(), channel));
    } else {
      ws.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\"}}");
    }
    assertThat(ws.nextJson().path("event").asText()).isEqualTo("pusher_internal:subscription_succeeded");
    return ws;
  }

  @Test
  void anEmptyPublicCacheChannelAnswersCacheMiss() {
    try (RawWebSocket ws = subscribe(server, "cache-empty")) {
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:cache_miss\",\"channel\":\"cache-empty\"}");
    }
  }

  @Test
  void anEmptyPrivateCacheChannelAnswersCacheMiss() {
    try (RawWebSocket ws = subscribe(server, "private-cache-empty")) {
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:cache_miss\",\"channel\":\"private-cache-empty\"}");
    }
  }

  @Test
  void anEmptyPresenceCacheChannelAnswersCacheMiss() {
    try (RawWebSocket ws = subscribe(server, "presence-cache-empty")) {
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:cache_miss\",\"channel\":\"presence-cache-empty\"}");
    }
  }

  @Test
  void anEmptyEncryptedCacheChannelAnswersCacheMissWithEmptyData() {
    try (RawWebSocket ws = subscribe(server, "private-encrypted-cache-empty")) {
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:cache_miss\",\"channel\":\"private-encrypted-cache-empty\",\"data\":\"{}\"}");
    }
  }

  @Test
  void aPublicCacheChannelReplaysTheLastPublishedEvent() {
    publish("cache-news", "old", "\"first\"");
    publish("cache-news", "headline", "{\"a\":1}");
    try (RawWebSocket ws = subscribe(server, "cache-news")) {
      assertThat(ws.next()).isEqualTo("{\"event\":\"headline\",\"channel\":\"cache-news\",\"data\":{\"a\":1}}");
      assertThat(ws.poll(200)).isNull();
    }
  }

  @Test
  void aPrivateCacheChannelReplaysTheLastPublishedEvent() {
    publish("private-cache-news", "headline", "\"s\"");
    try (RawWebSocket ws = subscribe(server, "private-cache-news")) {
      assertThat(ws.next()).isEqualTo("{\"event\":\"headline\",\"channel\":\"private-cache-news\",\"data\":\"s\"}");
    }
  }

  @Test
  void aPresenceCacheChannelReplaysTheLastPublishedEventAfterTheMemberList() {
    publish("presence-cache-news", "headline", "\"p\"");
    try (RawWebSocket ws = subscribe(server, "presence-cache-news")) {
      assertThat(ws.next()).isEqualTo("{\"event\":\"headline\",\"channel\":\"presence-cache-news\",\"data\":\"p\"}");
    }
  }

  @Test
  void aChannelThatIsNotACacheChannelSendsNothingAfterSubscribing() {
    publish("not-cache", "e", "\"x\"");
    try (RawWebSocket ws = subscribe(server, "not-cache")) {
      assertThat(ws.poll(200)).isNull();
    }
  }

  @Test
  void clientEventsAreNotCached() {
    try (TestServer s = TestServer.start(Map.of("SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES", "true"));
         RawWebSocket a = subscribe(s, "private-cache-client")) {
      assertThat(a.next()).contains("pusher:cache_miss");
      a.send("{\"event\":\"client-x\",\"channel\":\"private-cache-client\",\"data\":{}}");
      try (RawWebSocket b = subscribe(s, "private-cache-client")) {
        assertThat(b.next()).contains("pusher:cache_miss");
      }
    }
  }

  @Test
  void aCachedEventExpiresAfterTheConfiguredTtl() {
    try (TestServer s = TestServer.start(Map.of("SOKETI_CHANNEL_CACHE_TTL", "1"))) {
      SignedApi shortApi = SignedApi.forDefaultApp(s);
      shortApi.post("/apps/app-id/events", "{\"name\":\"e\",\"channel\":\"cache-ttl\",\"data\":\"x\"}");
      try (RawWebSocket fresh = subscribe(s, "cache-ttl")) {
        assertThat(fresh.next()).isEqualTo("{\"event\":\"e\",\"channel\":\"cache-ttl\",\"data\":\"x\"}");
      }
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
        try (RawWebSocket later = subscribe(s, "cache-ttl")) {
          return later.next().equals("{\"event\":\"pusher:cache_miss\",\"channel\":\"cache-ttl\"}");
        }
      });
    }
  }

  @Test
  void aTtlOfZeroKeepsTheCachedEventAsSoketisMemoryCacheDoes() {
    try (TestServer s = TestServer.start(Map.of("SOKETI_CHANNEL_CACHE_TTL", "0"))) {
      SignedApi.forDefaultApp(s).post("/apps/app-id/events", "{\"name\":\"e\",\"channel\":\"cache-forever\",\"data\":\"x\"}");
      try (RawWebSocket ws = subscribe(s, "cache-forever")) {
        assertThat(ws.next()).isEqualTo("{\"event\":\"e\",\"channel\":\"cache-forever\",\"data\":\"x\"}");
      }
    }
  }
}
