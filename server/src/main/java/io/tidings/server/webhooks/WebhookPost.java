package io.tidings.server.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.server.app.App;
import io.tidings.server.app.Webhook;
import io.tidings.server.auth.Signatures;
import java.net.URI;
import java.util.Collection;
import java.util.HexFormat;

/**
 * One webhook request: the exact body bytes — Soketi's compact {@code {"time_ms":…,"events":[…]}} — and
 * their signature, fixed when the request is made, plus its delivery state.
 *
 * <p>Immutable apart from {@link #attempts} and {@link #lastFailure}, which only the delivery thread
 * touches.
 */
final class WebhookPost {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  final App app;
  final Webhook webhook;
  /** The event names it carries, for logs ("channel_occupied", or "channel_occupied,member_added"). */
  final String types;
  final byte[] body;
  /** {@code hex(HMAC-SHA256(app secret, body))}: the {@code X-Pusher-Signature} header. */
  final String signature;
  int attempts;
  String lastFailure;

  private WebhookPost(App app, Webhook webhook, String types, byte[] body) {
    this.app = app;
    this.webhook = webhook;
    this.types = types;
    this.body = body;
    this.signature = HexFormat.of().formatHex(Signatures.hmacSha256(app.secret(), body));
  }

  /** A POST carrying {@code events} (read only; they may be shared with other posts) stamped {@code timeMillis}. */
  static WebhookPost of(App app, Webhook webhook, String types, long timeMillis, Collection<ObjectNode> events) {
    ObjectNode payload = F.objectNode();
    payload.put("time_ms", timeMillis);
    ArrayNode list = payload.putArray("events");
    list.addAll(events);
    try {
      return new WebhookPost(app, webhook, types, JSON.writeValueAsBytes(payload));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of JSON nodes always serializes", e);
    }
  }

  /** The target without user info, query or fragment: safe to log (tokens often live there). */
  String safeUrl() {
    return safeUrl(webhook.url());
  }

  static String safeUrl(String url) {
    try {
      URI u = URI.create(url);
      if (u.getHost() == null) return "<invalid url>";
      return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "")
          + (u.getRawPath() == null ? "" : u.getRawPath());
    } catch (IllegalArgumentException | NullPointerException e) {
      return "<invalid url>";
    }
  }
}
