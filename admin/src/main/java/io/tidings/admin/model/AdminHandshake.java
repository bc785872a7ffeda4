package io.tidings.admin.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A socket's handshake as the admin UI shows it (Node's {@code socket.handshake} without {@code auth}).
 * Immutable.
 *
 * @param address the client's address ({@code cf-connecting-ip} or {@code x-forwarded-for} first, as Node's
 *                admin-ui takes it)
 * @param headers the request headers, lower-case names
 * @param query   the query parameters
 * @param issued  when the connection was made, milliseconds since the epoch
 * @param secure  true over TLS
 * @param url     the request's URL (path and query)
 * @param xdomain true when the request carried an {@code Origin} header
 */
public record AdminHandshake(String address, Map<String, String> headers, Map<String, String> query, long issued,
    boolean secure, String url, boolean xdomain) {

  public AdminHandshake {
    headers = Map.copyOf(headers);
    query = Map.copyOf(query);
  }

  /** JavaScript's {@code Date.toString()} in UTC, the form Node puts in {@code handshake.time}. */
  private static final java.time.format.DateTimeFormatter JS_DATE = java.time.format.DateTimeFormatter
      .ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT+0000 (Coordinated Universal Time)'", java.util.Locale.ROOT)
      .withZone(java.time.ZoneOffset.UTC);

  /** The address as the UI reads it: a forwarding header before the socket's own address. */
  public static String clientAddress(Map<String, String> headers, String socketAddress) {
    String cf = headers.get("cf-connecting-ip");
    if (cf != null) return cf;
    String forwarded = headers.get("x-forwarded-for");
    return forwarded != null ? forwarded : socketAddress;
  }

  /** The JSON shape of the {@code handshake} field ({@code time} is {@code issued} as a date string). */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("address", address);
    m.put("headers", headers);
    m.put("query", query);
    m.put("issued", issued);
    m.put("secure", secure);
    m.put("time", JS_DATE.format(java.time.Instant.ofEpochMilli(issued)));
    m.put("url", url);
    m.put("xdomain", xdomain);
    return m;
  }
}
