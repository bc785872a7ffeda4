package io.tidings.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.http.RequestSignature;
import io.tidings.server.support.LogCapture;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.Reliability;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import io.tidings.server.support.WebhookReceiver;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * An app's secret never appears in a log line (every level, with {@code SOKETI_DEBUG} logging every
 * frame) or in any answer, whatever fails: bad API signatures, stale timestamps, bad channel and sign-in
 * auth, bad webhooks. Nor does the signature the server expected, which would let a caller forge the one
 * request it tried. The signature checks themselves are constant-time ({@link Signatures#constantTimeEquals};
 * the call sites are listed in docs/RELIABILITY.md).
 */
class SecretsNeverLeakTest {

  static final String SECRET = "s3cr3t-" + Long.toHexString(Double.doubleToLongBits(Math.random()));

  @Test
  void noFailureEverLogsOrAnswersWithTheSecretOrTheExpectedSignature() throws Exception {
    List<String> answers = new ArrayList<>();
    List<String> expectedSignatures = new ArrayList<>();
    try (LogCapture logs = LogCapture.everything();
         WebhookReceiver receiver = WebhookReceiver.start().respondWith(500, 400)) {
      Map<String, String> env = Map.of(
          "SOKETI_DEFAULT_APP_SECRET", SECRET,
          "SOKETI_DEBUG", "true",
          "SOKETI_HTTP_AUTH_TIMESTAMP_WINDOW", "600",
          "SOKETI_WEBHOOKS_MAX_ATTEMPTS", "2",
          "SOKETI_DEFAULT_APP_WEBHOOKS", "[{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"channel_occupied\"]}]");
      try (TestServer server = TestServer.start(env)) {
        SignedApi wrong = new SignedApi(server.httpBase(), "app-key", "not-the-secret");
        SignedApi right = new SignedApi(server.httpBase(), "app-key", SECRET);
        String body = "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\"}";
        answers.add(wrong.post("/apps/app-id/events", body).body());
        answers.add(wrong.get("/apps/app-id/channels").body());
        answers.add(right.post("/apps/app-id/events", "{not json").body());
        // What the server would have expected for a request signed with a wrong key.
        long ts = Instant.now().getEpochSecond();
        Map<String, String> params = new TreeMap<>(Map.of("auth_key", "app-key", "auth_timestamp", Long.toString(ts),
            "auth_version", "1.0"));
        expectedSignatures.add(RequestSignature.sign("GET", "/apps/app-id/channels", params, null, SECRET));
        HttpResponse<String> forged = right.raw("GET", "/apps/app-id/channels?" + SignedApi.encode(params)
            + "&auth_signature=" + "0".repeat(64), null);
        answers.add(forged.body());
        answers.add(right.raw("GET", "/apps/app-id/channels?auth_key=app-key&auth_timestamp=1&auth_version=1.0&auth_signature="
            + RequestSignature.sign("GET", "/apps/app-id/channels",
                new TreeMap<>(Map.of("auth_key", "app-key", "auth_timestamp", "1", "auth_version", "1.0")), null, SECRET), null).body());

        try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
          String channelAuth = Signatures.hmacSha256Hex(SECRET, ws.socketId() + ":private-x");
          expectedSignatures.add(channelAuth);
          ws.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-x\",\"auth\":\"app-key:" + "f".repeat(64) + "\"}}");
          answers.add(ws.next());
          String presenceData = "{\"user_id\":\"u\"}";
          expectedSignatures.add(Signatures.hmacSha256Hex(SECRET, ws.socketId() + ":presence-x:" + presenceData));
          ws.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-x\",\"auth\":\"app-key:bad\","
              + "\"channel_data\":\"{\\\"user_id\\\":\\\"u\\\"}\"}}");
          answers.add(ws.next());
          ws.subscribe("public-occupies-and-fires-a-webhook");
          String userData = "{\"id\":\"u\"}";
          expectedSignatures.add(Signatures.hmacSha256Hex(SECRET, ws.socketId() + "::user::" + userData));
          ws.send("{\"event\":\"pusher:signin\",\"data\":{\"user_data\":\"{\\\"id\\\":\\\"u\\\"}\",\"auth\":\"app-key:bad\"}}");
          answers.add(ws.nextEvent("pusher:error").toString());
          ws.awaitClose();
        }
        receiver.next();
        receiver.next(); // a 500, then a 400: the webhook is given up and logged
        Thread.sleep(500);
      }
      List<String> lines = logs.lines();
      Reliability.of("secrets").put("answersChecked", answers.size()).put("logLinesChecked", lines.size())
          .put("expectedSignaturesChecked", expectedSignatures.size()).print();
      assertThat(lines).as("the run logged").isNotEmpty();
      assertThat(answers).allSatisfy(a -> assertThat(a).doesNotContain(SECRET));
      assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain(SECRET));
      for (String sig : expectedSignatures) {
        assertThat(answers).allSatisfy(a -> assertThat(a).doesNotContain(sig));
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain(sig));
      }
    }
  }
}
