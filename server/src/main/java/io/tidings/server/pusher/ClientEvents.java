package io.tidings.server.pusher;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.bus.wire.JavaScriptJson;
import io.tidings.server.app.App;
import io.tidings.server.channels.ChannelName;
import io.tidings.server.context.ServerContext;
import io.tidings.server.metrics.ThrottledWarning;
import io.tidings.server.ratelimit.RateLimiter;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code client-*} events: the app must allow them, name and size within the app's limits, the sender
 * subscribed to the channel (else the event is dropped silently, as Soketi does), and within its rate.
 * Rejections are {@code pusher:error} 4301 frames; the connection stays open. Accepted events go to
 * every other subscriber on every node, with {@code user_id} on presence channels.
 *
 * <p><b>All or nowhere.</b> An event goes to the bus first and is delivered here only once the bus queued
 * it, as the HTTP API does: otherwise subscribers here would get an event those on other nodes never get. One
 * the bus refuses (its outgoing queue full) reaches nobody and raises no webhook; Soketi has no frame to
 * tell the sender, so it is counted ({@code tidings_client_events_refused}) and logged (throttled).
 *
 * <p><b>Threading:</b> on the sender's event loop.
 */
final class ClientEvents {

  private static final Logger log = LoggerFactory.getLogger(ClientEvents.class);

  private final ServerContext ctx;
  private final ThrottledWarning refusals = new ThrottledWarning(log,
      "Client events delivered nowhere: the cluster bus's outgoing queue is full");

  ClientEvents(ServerContext ctx) {
    this.ctx = ctx;
  }

  void handle(PusherConnection c, String event, JsonNode frame) {
    App app = c.app().app();
    JsonNode channelNode = frame.get("channel");
    if (channelNode == null || !channelNode.isTextual()) {
      c.send(PusherFrames.error(null, "A client event needs a channel."));
      ctx.metrics().badFrame("client_event");
      return;
    }
    String channel = channelNode.asText();
    JsonNode data = frame.get("data");
    if (!app.enableClientMessages()) {
      c.send(PusherFrames.channelError(channel, 4301, "The app does not have client messaging enabled."));
      return;
    }
    if (event.length() > app.maxEventNameLength()) {
      c.send(PusherFrames.channelError(channel, 4301,
          "Event name is too long. Maximum allowed size is " + app.maxEventNameLength() + "."));
      return;
    }
    if (payloadKb(data) > app.maxEventPayloadInKb()) {
      c.send(PusherFrames.channelError(channel, 4301,
          "The event data should be less than " + JavaScriptJson.formatNumber(app.maxEventPayloadInKb()) + " KB."));
      return;
    }
    if (!c.isSubscribed(channel)) {
      return; // Soketi drops events for channels the sender is not in, silently
    }
    RateLimiter.Decision d = c.clientEvents.consume(1, app.maxClientEventsPerSec());
    if (!d.allowed()) {
      c.send(PusherFrames.channelError(channel, 4301, "The rate limit for sending client events exceeded the quota."));
      return;
    }
    JsonNode userId = ChannelName.kind(channel) == ChannelName.Kind.PRESENCE ? c.presenceUserId(channel) : null;
    String dataJson = data == null ? null : data.toString();
    String userIdJson = userId == null ? null : userId.toString();
    if (!ctx.cluster().broadcast(app.id(), channel, event, dataJson, c.socketId(), userIdJson, false)) {
      ctx.metrics().clientEventRefused(app.id());
      refusals.record("app " + app.id() + ", " + event + " on " + channel + " from " + c.socketId());
      return;
    }
    ctx.localApps().activity().clientEvent(app.id(), c.socketId(), channel, event, dataJson);
    c.app().channels().broadcast(channel, PusherFrames.event(event, channel, dataJson, userIdJson), c.socketId());
    ctx.webhooks().clientEvent(app, channel, event, data, c.socketId(), userId);
  }

  /** Soketi's size rule: UTF-8 bytes of the string, or of the JSON text of anything else, over 1024. */
  static double payloadKb(JsonNode data) {
    if (data == null || data.isMissingNode()) return 0;
    String text = data.isTextual() ? data.asText() : data.toString();
    return text.getBytes(StandardCharsets.UTF_8).length / 1024.0;
  }
}
