package io.tidings.server.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.bus.wire.JavaScriptJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Pusher event crossing the bus as a Socket.IO BROADCAST (type 3):
 *
 * <pre>
 * {"packet":{"type":2,"data":[event, data]},"opts":{"rooms":[channel],"except":[socketId],"flags":{}},
 *  "app":appId, "userId":…, "cache":true}
 * </pre>
 *
 * The Pusher channel is the room, the event and its data are the packet, the excluded socket is
 * {@code except}; {@code app} (the namespace holds every app), {@code userId} (client events on presence
 * channels) and {@code cache} are Tidings' additions, which Socket.IO readers ignore.
 *
 * <p>This is the hot path of cross-node delivery, so the message is written as text directly and read
 * back with one streaming pass; {@code data} and {@code userId} stay the JSON text they are (they go into
 * the Pusher frame as is), so no tree is built on either side. Immutable; thread-safe.
 *
 * @param app       the app id
 * @param event     the event name
 * @param dataJson  the event's data as JSON text, or null when it has none
 * @param channels  the channels (rooms); one when this node publishes
 * @param except    the socket id not to deliver to, or null
 * @param userIdJson the user id as JSON text (client events on presence channels), or null
 * @param cache     true when receivers should keep the event for a cache channel
 */
public record BroadcastMessage(String app, String event, String dataJson, List<String> channels, String except,
    String userIdJson, boolean cache) {

  private static final JsonFactory FACTORY = new JsonFactory();

  /** The {@code data} member of the BROADCAST, as JSON text. */
  public String toJson() {
    StringBuilder out = new StringBuilder(96 + (dataJson == null ? 0 : dataJson.length()));
    out.append("{\"packet\":{\"type\":2,\"data\":[");
    JavaScriptJson.writeString(event, out);
    if (dataJson != null) out.append(',').append(dataJson);
    out.append("]},\"opts\":{\"rooms\":[");
    for (int i = 0; i < channels.size(); i++) {
      if (i > 0) out.append(',');
      JavaScriptJson.writeString(channels.get(i), out);
    }
    out.append("],\"except\":[");
    if (except != null) JavaScriptJson.writeString(except, out);
    out.append("],\"flags\":{}},\"app\":");
    JavaScriptJson.writeString(app, out);
    if (userIdJson != null) out.append(",\"userId\":").append(userIdJson);
    if (cache) out.append(",\"cache\":true");
    return out.append('}').toString();
  }

  /**
   * Reads a BROADCAST's data from its JSON text in one streaming pass.
   *
   * @return the message, or null when it is not a Pusher broadcast (no app, no event, no rooms)
   */
  public static BroadcastMessage read(String json) throws IOException {
    String app = null;
    String event = null;
    String dataJson = null;
    List<String> rooms = null;
    String except = null;
    String userIdJson = null;
    boolean cache = false;
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        switch (field) {
          case "app" -> app = v == JsonToken.VALUE_STRING ? p.getText() : null;
          case "userId" -> userIdJson = v == JsonToken.VALUE_NULL ? null : slice(json, p);
          case "cache" -> cache = v == JsonToken.VALUE_TRUE;
          case "packet" -> {
            if (v != JsonToken.START_OBJECT) {
              p.skipChildren();
              continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String f = p.currentName();
              JsonToken pv = p.nextToken();
              if (f.equals("data") && pv == JsonToken.START_ARRAY) {
                JsonToken first = p.nextToken();
                if (first == JsonToken.END_ARRAY) continue;
                if (first == JsonToken.VALUE_STRING) event = p.getText(); else p.skipChildren();
                if (p.nextToken() != JsonToken.END_ARRAY) {
                  dataJson = slice(json, p);
                  while (p.nextToken() != JsonToken.END_ARRAY) p.skipChildren();
                }
              } else {
                p.skipChildren();
              }
            }
          }
          case "opts" -> {
            if (v != JsonToken.START_OBJECT) {
              p.skipChildren();
              continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String f = p.currentName();
              JsonToken ov = p.nextToken();
              if (f.equals("rooms") && ov == JsonToken.START_ARRAY) {
                rooms = new ArrayList<>(1);
                while (p.nextToken() != JsonToken.END_ARRAY) {
                  if (p.currentToken() == JsonToken.VALUE_STRING) rooms.add(p.getText()); else p.skipChildren();
                }
              } else if (f.equals("except") && ov == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                  if (p.currentToken() == JsonToken.VALUE_STRING && except == null) except = p.getText(); else p.skipChildren();
                }
              } else {
                p.skipChildren();
              }
            }
          }
          default -> p.skipChildren();
        }
      }
    }
    if (app == null || event == null || rooms == null) return null;
    return new BroadcastMessage(app, event, dataJson, List.copyOf(rooms), except, userIdJson, cache);
  }

  /** Reads a BROADCAST's data from a tree (messages that did not arrive as text: attachments). */
  public static BroadcastMessage read(JsonNode d) throws IOException {
    return d == null ? null : read(d.toString());
  }

  /** The JSON text of the value the parser stands on (moving past it). */
  private static String slice(String json, JsonParser p) throws IOException {
    int start = (int) p.currentTokenLocation().getCharOffset();
    // Strings are decoded lazily: finish the token so that the location is past its closing quote.
    if (p.currentToken().isScalarValue()) p.finishToken(); else p.skipChildren();
    return json.substring(start, (int) p.currentLocation().getCharOffset());
  }
}
