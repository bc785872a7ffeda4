package io.tidings.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.auth.Signatures;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.TestServer;
import io.tidings.server.support.WebhookReceiver;
import io.tidings.server.support.WebhookReceiver.Request;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The headers of a webhook request and its signature, checked by a receiver as a backend would. */
class WebhookSigningTest {

  @Test
  void theSignatureIsTheHmacOfTheExactBodyBytesWithTheAppSecret() {
    try (WebhookReceiver receiver = WebhookReceiver.start();
         TestServer server = TestServer.start(Map.of("SOKETI_DEFAULT_APP_WEBHOOKS",
             "[{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"channel_occupied\"]}]"));
         RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.subscribe("news");
      Request r = receiver.next();
      String expected = HexFormat.of().formatHex(Signatures.hmacSha256(TestServer.APP_SECRET, r.body()));
      assertThat(r.header("X-Pusher-Signature")).isEqualTo(expected);
      assertThat(r.header("X-Pusher-Key")).isEqualTo(TestServer.APP_KEY);
      assertThat(r.header("Content-Type")).isEqualTo("application/json");
    }
  }

  @Test
  void theBodyIsCompactJson() {
    try (WebhookReceiver receiver = WebhookReceiver.start();
         TestServer server = TestServer.start(Map.of("SOKETI_DEFAULT_APP_WEBHOOKS",
             "[{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"channel_occupied\"]}]"));
         RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.subscribe("news");
      assertThat(receiver.next().text())
          .matches("\\{\"time_ms\":\\d+,\"events\":\\[\\{\"name\":\"channel_occupied\",\"channel\":\"news\"}]}");
    }
  }

  @Test
  void customHeadersArriveButCannotReplaceTheKeyOrTheSignature() {
    String headers = "{\"Authorization\":\"Bearer t0ken\",\"X-Team\":\"ops\",\"X-Pusher-Key\":\"forged\","
        + "\"x-pusher-signature\":\"forged\"}";
    try (WebhookReceiver receiver = WebhookReceiver.start();
         TestServer server = TestServer.start(Map.of("SOKETI_DEFAULT_APP_WEBHOOKS",
             "[{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"channel_occupied\"],\"headers\":" + headers + "}]"));
         RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.subscribe("news");
      Request r = receiver.next();
      assertThat(r.header("Authorization")).isEqualTo("Bearer t0ken");
      assertThat(r.header("X-Team")).isEqualTo("ops");
      assertThat(r.headers().get("X-Pusher-Key")).containsExactly(TestServer.APP_KEY);
      assertThat(r.headers().get("X-Pusher-Signature"))
          .containsExactly(HexFormat.of().formatHex(Signatures.hmacSha256(TestServer.APP_SECRET, r.body())));
    }
  }

  @Test
  void thePusherServerSdkValidatesTheWebhook() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start();
         TestServer server = TestServer.start(Map.of("SOKETI_DEFAULT_APP_WEBHOOKS",
             "[{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"channel_occupied\"]}]"));
         RawWebSocket ws = RawWebSocket.established(server.wsUrl());
         com.pusher.rest.Pusher sdk = new com.pusher.rest.Pusher(TestServer.APP_ID, TestServer.APP_KEY, TestServer.APP_SECRET)) {
      ws.subscribe("news");
      Request r = receiver.next();
      assertThat(sdk.validateWebhookSignature(r.header("X-Pusher-Key"), r.header("X-Pusher-Signature"), r.text()))
          .isEqualTo(com.pusher.rest.data.Validity.VALID);
    }
  }
}
