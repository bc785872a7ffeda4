package io.tidings.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.tidings.bus.wire.JavaScriptJson;
import io.tidings.server.app.App;
import io.tidings.server.channels.ChannelName;
import io.tidings.server.channels.LocalApp;
import io.tidings.server.cluster.BroadcastMessage;
import io.tidings.server.cluster.ClusterSync;
import io.tidings.server.context.ServerContext;
import io.tidings.server.pusher.PusherFrames;
import io.tidings.server.ratelimit.RateLimiter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /apps/{id}/events} and {@code POST /apps/{id}/batch_events}: Soketi's validation,
 * limits and messages, then the broadcast — published on the bus for the other nodes, then encoded once
 * per channel for local subscribers. Runs on the request's event loop.
 *
 * <p><b>No accepted event is dropped silently.</b> The events go to the bus first; only when the bus
 * queued them are they delivered here and answered 200. When its outgoing queue is full, the request is
 * answered 503 with {@code Retry-After: 1} and nothing was delivered anywhere, so a retry duplicates
 * nothing. A batch is queued whole or not at all ({@link ClusterSync#broadcastAll}: the bus checks the
 * room for every message of the batch under one lock), because a batch answered 503 after some of its
 * events went out would be duplicated by its retry, and one answered 200 after some were dropped would lie.
 */
final class EventsApi {

  static final String BUS_BUSY = "The server is busy: the event could not be handed to the cluster. Retry shortly.";

  /** One validated event to broadcast; {@code dataJson} is its data as JSON text, written once. */
  private record Event(String name, List<String> channels, String dataJson, String socketId) {}

  /** A validation failure with Soketi's code and message. */
  private static final class Invalid extends Exception {
    final int code;

    Invalid(int code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  private final ServerContext ctx;

  EventsApi(ServerContext ctx) {
    this.ctx = ctx;
  }

  void events(ApiCall call) {
    JsonNode body = json(call);
    if (body == null) return;
    if (!consume(call, channelCount(body))) return;
    Event event;
    try {
      event = validate(body, call.app);
    } catch (Invalid e) {
      call.error(e.code, e.getMessage());
      return;
    }
    if (!publish(call.app, List.of(event))) {
      busy(call);
      return;
    }
    deliverLocally(call.app, event);
    call.respond(HttpResponses.ok());
  }

  void batchEvents(ApiCall call) {
    JsonNode body = json(call);
    if (body == null) return;
    JsonNode batch = body.get("batch");
    if (batch == null || !batch.isArray()) {
      call.error(400, "The received data is incorrect");
      return;
    }
    int points = 0;
    for (JsonNode e : batch) points += channelCount(e);
    if (!consume(call, points)) return;
    if (batch.size() > call.app.maxEventBatchSize()) {
      call.error(400, "Cannot batch-send more than " + call.app.maxEventBatchSize() + " messages at once");
      return;
    }
    List<Event> events = new ArrayList<>(batch.size());
    try {
      for (JsonNode e : batch) events.add(validate(e, call.app));
    } catch (Invalid e) {
      call.error(e.code, e.getMessage());
      return;
    }
    if (!publish(call.app, events)) {
      busy(call);
      return;
    }
    for (Event e : events) deliverLocally(call.app, e);
    call.respond(HttpResponses.ok());
  }

  /** 503 with {@code Retry-After: 1}, a real status even in Soketi's 200-errors mode: the event was not taken. */
  private static void busy(ApiCall call) {
    FullHttpResponse busy = HttpResponses.error(503, BUS_BUSY, false);
    busy.headers().set("Retry-After", "1");
    call.respond(busy);
  }

  private JsonNode json(ApiCall call) {
    try {
      JsonNode body = PusherFrames.JSON.readTree(call.body);
      if (body != null && body.isObject()) return body;
    } catch (java.io.IOException e) {
      // answered below
    }
    call.error(400, "The received data is incorrect.");
    return null;
  }

  private boolean consume(ApiCall call, int points) {
    RateLimiter.Decision d = ctx.localApps().of(call.app).backendEvents()
        .consume(Math.max(points, 1), call.app.maxBackendEventsPerSec());
    call.rateLimited(d);
    if (!d.allowed()) {
      call.error(429, "Too many requests.");
      return false;
    }
    return true;
  }

  /** Soketi counts {@code channels || [channel]}. */
  private static int channelCount(JsonNode e) {
    JsonNode channels = e.get("channels");
    return channels != null && channels.isArray() ? channels.size() : 1;
  }

  private static Event validate(JsonNode e, App app) throws Invalid {
    if (!e.isObject()) throw new Invalid(400, "The received data is incorrect");
    JsonNode name = e.get("name");
    JsonNode data = e.get("data");
    JsonNode channels = e.get("channels");
    JsonNode channel = e.get("channel");
    boolean hasChannels = channels != null && !channels.isNull();
    if ((!hasChannels && !truthy(channel)) || !truthy(name) || !truthy(data)) {
      throw new Invalid(400, "The received data is incorrect");
    }
    List<String> names = new ArrayList<>();
    if (hasChannels) {
      if (!channels.isArray()) throw new Invalid(400, "The received data is incorrect");
      for (JsonNode c : channels) {
        if (!c.isTextual()) throw new Invalid(400, "The received data is incorrect");
        names.add(c.asText());
      }
    } else {
      if (!channel.isTextual()) throw new Invalid(400, "The received data is incorrect");
      names.add(channel.asText());
    }
    if (!name.isTextual()) throw new Invalid(400, "The received data is incorrect");
    if (names.size() > app.maxEventChannelsAtOnce()) {
      throw new Invalid(400, "Cannot broadcast to more than " + app.maxEventChannelsAtOnce() + " channels at once");
    }
    if (name.asText().length() > app.maxEventNameLength()) {
      throw new Invalid(400, "Event name is too long. Maximum allowed size is " + app.maxEventNameLength() + ".");
    }
    String text = data.isTextual() ? data.asText() : data.toString();
    if (text.getBytes(StandardCharsets.UTF_8).length / 1024.0 > app.maxEventPayloadInKb()) {
      throw new Invalid(413, "The event data should be less than "
          + JavaScriptJson.formatNumber(app.maxEventPayloadInKb()) + " KB.");
    }
    JsonNode socket = e.get("socket_id");
    // Written once per event, whatever the number of channels and nodes.
    return new Event(name.asText(), names, data.toString(), socket != null && socket.isTextual() ? socket.asText() : null);
  }

  /** JavaScript truthiness of a JSON value (Soketi rejects a missing, empty, zero or false name/data). */
  private static boolean truthy(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) return false;
    if (n.isTextual()) return !n.asText().isEmpty();
    if (n.isNumber()) return n.asDouble() != 0;
    if (n.isBoolean()) return n.asBoolean();
    return true;
  }

  /** Hands every event, on every channel, to the bus for the other nodes: all or none. */
  private boolean publish(App app, List<Event> events) {
    List<BroadcastMessage> messages = new ArrayList<>();
    for (Event e : events) {
      for (String channel : e.channels()) {
        messages.add(new BroadcastMessage(app.id(), e.name(), e.dataJson(), List.of(channel), e.socketId(), null,
            ChannelName.isCache(channel)));
      }
    }
    return ctx.cluster().broadcastAll(messages);
  }

  private void deliverLocally(App app, Event e) {
    LocalApp local = ctx.localApps().of(app);
    for (String channel : e.channels()) {
      local.deliver(channel, PusherFrames.event(e.name(), channel, e.dataJson(), null), e.socketId());
      if (ChannelName.isCache(channel)) local.cache().put(channel, e.name(), e.dataJson());
    }
  }

}
