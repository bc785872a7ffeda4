package io.tidings.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.socketio.engine.HandshakeRequest;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * How a socket connected: Node's {@code socket.handshake}. Immutable.
 *
 * @param headers the request's headers (lower-case names, merged as Node merges them)
 * @param time    when, as JavaScript's {@code new Date().toString()} writes it
 * @param address the client's IP address
 * @param xdomain whether the request had an {@code Origin} header
 * @param secure  whether it came over TLS
 * @param issued  when, in milliseconds since the epoch
 * @param url     the request target of the Engine.IO handshake
 * @param query   its query parameters
 * @param auth    the CONNECT packet's payload ({@code {}} when none)
 */
public record Handshake(Map<String, String> headers, String time, String address, boolean xdomain, boolean secure,
    long issued, String url, Map<String, String> query, JsonNode auth) {

  private static final DateTimeFormatter JS_DATE =
      DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'xx '('zzzz')'", Locale.ENGLISH);

  public Handshake {
    headers = Map.copyOf(headers);
    query = Map.copyOf(query);
  }

  static Handshake of(HandshakeRequest request, JsonNode auth, long nowMillis) {
    return new Handshake(request.headers(), jsDate(nowMillis), request.remoteAddress(),
        request.header("origin") != null, request.secure(), nowMillis, request.url(), request.query(), auth);
  }

  /**
   * The last date written, shared by the handshakes of the same second (the text has no milliseconds), so
   * that idle sockets do not each keep their own copy. Racy on purpose: an immutable record, a stale one
   * only costs a new string.
   */
  private static volatile LastDate lastDate;

  private record LastDate(long second, ZoneId zone, String text) {}

  /** {@code new Date(millis).toString()} in the server's zone. */
  static String jsDate(long millis) {
    ZoneId zone = ZoneId.systemDefault();
    long second = Math.floorDiv(millis, 1000L);
    LastDate last = lastDate;
    if (last != null && last.second == second && last.zone.equals(zone)) return last.text;
    String text = jsDate(millis, zone);
    lastDate = new LastDate(second, zone, text);
    return text;
  }

  static String jsDate(long millis, ZoneId zone) {
    ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(zone);
    return JS_DATE.format(t);
  }

  /** As Node's cluster adapter sends it in a FETCH_SOCKETS_RESPONSE. */
  public ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode o = f.objectNode();
    ObjectNode h = o.putObject("headers");
    headers.forEach(h::put);
    o.put("time", time);
    o.put("address", address);
    o.put("xdomain", xdomain);
    o.put("secure", secure);
    o.put("issued", issued);
    o.put("url", url);
    ObjectNode q = o.putObject("query");
    query.forEach(q::put);
    o.set("auth", auth);
    return o;
  }

  /** The reverse of {@link #toJson()}, lenient (what another node sent). */
  static Handshake fromJson(JsonNode json) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    json.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
    Map<String, String> query = new java.util.LinkedHashMap<>();
    json.path("query").fields().forEachRemaining(e -> query.put(e.getKey(), e.getValue().asText()));
    return new Handshake(headers, json.path("time").asText(""), json.path("address").asText(""),
        json.path("xdomain").asBoolean(), json.path("secure").asBoolean(), json.path("issued").asLong(),
        json.path("url").asText(""), query, json.has("auth") ? json.get("auth") : f().objectNode());
  }

  private static JsonNodeFactory f() {
    return JsonNodeFactory.instance;
  }
}
