package io.tidings.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.PusherOptions;
import com.pusher.client.channel.PrivateChannel;
import com.pusher.client.channel.PrivateChannelEventListener;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.connection.ConnectionEventListener;
import com.pusher.client.connection.ConnectionState;
import com.pusher.client.connection.ConnectionStateChange;
import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The three per-app rate limits, hit through real clients: pusher-http-java sees the 429, raw signed
 * requests read the {@code X-RateLimit-*} and {@code Retry-After} headers, pusher-java-client sees 4301.
 * Limits are hit within one request (points = channels) or set to 0, so no test depends on timing.
 */
class RateLimitsThroughClientsTest {

  private static Pusher sdk(TestServer server) {
    Pusher p = new Pusher(TestServer.APP_ID, TestServer.APP_KEY, TestServer.APP_SECRET);
    p.setHost("127.0.0.1:" + server.port());
    p.setEncrypted(false);
    return p;
  }

  private static double retryAfter(HttpResponse<String> r) {
    return Double.parseDouble(r.headers().firstValue("Retry-After").orElseThrow());
  }

  @Test
  void backendEventsOverTheLimitGet429InPusherHttpJava() throws Exception {
    try (TestServer server = TestServer.start(Map.of("SOKETI_DEFAULT_APP_MAX_BACKEND_EVENTS_PER_SEC", "1"));
         Pusher pusher = sdk(server)) {
      // One event to two channels costs two points.
      Result r = pusher.trigger(List.of("a", "b"), "tick", Map.of("n", 1));
      assertThat(r.getHttpStatus()).isEqualTo(429);
      assertThat(r.getMessage()).contains("Too many requests.");
    }
  }

  @Test
  void anAcceptedPublishCarriesTheRateLimitHeaders() {
    try (TestServer server = TestServer.start(Map.of("SOKETI_DEFAULT_APP_MAX_BACKEND_EVENTS_PER_SEC", "5"))) {
      HttpResponse<String> r = SignedApi.forDefaultApp(server)
          .post("/apps/app-id/events", "{\"name\":\"tick\",\"channels\":[\"a\",\"b\"],\"data\":\"{}\"}");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("X-RateLimit-Limit")).hasValue("5");
      assertThat(r.headers().firstValue("X-RateLimit-Remaining")).hasValue("3");
      assertThat(retryAfter(r)).isGreaterThan(0).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void aRefusedPublishCarriesTheHeadersToo() {
    try (TestServer server = TestServer.start(Map.of("SOKETI_DEFAULT_APP_MAX_BACKEND_EVENTS_PER_SEC", "1"))) {
      HttpResponse<String> r = SignedApi.forDefaultApp(server)
          .post("/apps/app-id/events", "{\"name\":\"tick\",\"channels\":[\"a\",\"b\"],\"data\":\"{}\"}");
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.body()).isEqualTo("{\"error\":\"Too many requests.\",\"code\":429}");
      assertThat(r.headers().firstValue("X-RateLimit-Limit")).hasValue("1");
      assertThat(r.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
      assertThat(retryAfter(r)).isGreaterThan(0).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void batchEventsCountEveryChannelOfEveryItem() {
    try (TestServer server = TestServer.start(Map.of("SOKETI_DEFAULT_APP_MAX_BACKEND_EVENTS_PER_SEC", "2"))) {
      HttpResponse<String> r = SignedApi.forDefaultApp(server).post("/apps/app-id/batch_events",
          "{\"batch\":[{\"name\":\"t\",\"channel\":\"a\",\"data\":\"1\"},{\"name\":\"t\",\"channels\":[\"b\",\"c\"],\"data\":\"2\"}]}");
      assertThat(r.statusCode()).isEqualTo(429);
    }
  }

  @Test
  void readRequestsOverTheLimitGet429InPusherHttpJava() throws Exception {
    try (TestServer server = TestServer.start(Map.of("SOKETI_DEFAULT_APP_MAX_READ_REQ_PER_SEC", "0"));
         Pusher pusher = sdk(server)) {
      Result r = pusher.get("/channels");
      assertThat(r.getHttpStatus()).isEqualTo(429);
    }
  }

  @Test
  void readRequestsCarryTheRateLimitHeaders() {
    try (TestServer server = TestServer.start(Map.of("SOKETI_DEFAULT_APP_MAX_READ_REQ_PER_SEC", "100"))) {
      SignedApi api = SignedApi.forDefaultApp(server);
      for (String path : List.of("/apps/app-id/channels", "/apps/app-id/channels/news",
          "/apps/app-id/channels/presence-room/users")) {
        HttpResponse<String> r = api.get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.headers().firstValue("X-RateLimit-Limit")).as(path).hasValue("100");
        assertThat(r.headers().firstValue("X-RateLimit-Remaining")).as(path).isPresent();
        assertThat(retryAfter(r)).as(path).isGreaterThan(0).isLessThanOrEqualTo(1);
      }
    }
  }

  @Test
  void unlimitedAppsGetNoRateLimitHeaders() {
    try (TestServer server = TestServer.start()) {
      HttpResponse<String> r = SignedApi.forDefaultApp(server)
          .post("/apps/app-id/events", "{\"name\":\"tick\",\"channel\":\"a\",\"data\":\"{}\"}");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("X-RateLimit-Limit")).isEmpty();
      assertThat(r.headers().firstValue("Retry-After")).isEmpty();
    }
  }

  @Test
  void clientEventsOverTheLimitGet4301InPusherJavaClient() throws Exception {
    try (TestServer server = TestServer.start(Map.of("SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES", "true",
        "SOKETI_DEFAULT_APP_MAX_CLIENT_EVENTS_PER_SEC", "0"));
         Pusher backend = sdk(server)) {
      AtomicReference<String> code = new AtomicReference<>();
      AtomicReference<String> message = new AtomicReference<>();
      CountDownLatch subscribed = new CountDownLatch(1);
      PusherOptions options = new PusherOptions().setHost("127.0.0.1").setWsPort(server.port()).setUseTLS(false)
          .setChannelAuthorizer((channel, socketId) -> backend.authenticate(socketId, channel));
      com.pusher.client.Pusher client = new com.pusher.client.Pusher(TestServer.APP_KEY, options);
      client.connect(new ConnectionEventListener() {
        @Override public void onConnectionStateChange(ConnectionStateChange change) {}

        @Override public void onError(String m, String c, Exception e) {
          message.set(m);
          code.set(c);
        }
      }, ConnectionState.ALL);
      try {
        PrivateChannel channel = client.subscribePrivate("private-chat", new PrivateChannelEventListener() {
          @Override public void onSubscriptionSucceeded(String name) {
            subscribed.countDown();
          }

          @Override public void onAuthenticationFailure(String m, Exception e) {}

          @Override public void onEvent(PusherEvent event) {}
        });
        assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
        channel.trigger("client-typing", "{\"who\":\"me\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> code.get() != null);
        assertThat(code.get()).isEqualTo("4301");
        assertThat(message.get()).isEqualTo("The rate limit for sending client events exceeded the quota.");
        assertThat(client.getConnection().getState()).isEqualTo(ConnectionState.CONNECTED);
      } finally {
        client.disconnect();
      }
    }
  }
}
