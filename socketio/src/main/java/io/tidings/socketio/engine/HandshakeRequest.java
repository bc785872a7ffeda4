package io.tidings.socketio.engine;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The request that opened an Engine.IO session (the first {@code GET} over polling, or the WebSocket
 * upgrade), as Socket.IO's {@code handshake} shows it. Immutable and thread-safe.
 *
 * @param url           the request target as sent ({@code /socket.io/?EIO=4&transport=polling&…})
 * @param headers       the headers by lower-case name, merged as Node merges repeated ones: joined with
 *                      {@code ", "} ({@code cookie} with {@code "; "}), and only the first kept of those Node
 *                      keeps once ({@code host}, {@code user-agent}, {@code authorization}, …)
 * @param query         the query parameters, decoded; of a repeated one the last, as Node's
 *                      {@code Object.fromEntries(searchParams)}
 * @param remoteAddress the client's IP address as text ({@code 127.0.0.1}, {@code ::1}), empty when unknown
 * @param secure        true when the request came over TLS
 * @param timeMillis    when the handshake arrived, in milliseconds since the epoch
 */
public record HandshakeRequest(String url, Map<String, String> headers, Map<String, String> query,
    String remoteAddress, boolean secure, long timeMillis) {

  /** Headers of which Node keeps the first value and drops repeats ({@code IncomingMessage#headers}). */
  private static final Set<String> SINGLE_VALUED = Set.of("age", "authorization", "content-length", "content-type",
      "etag", "expires", "from", "host", "if-modified-since", "if-unmodified-since", "last-modified", "location",
      "max-forwards", "proxy-authorization", "referer", "retry-after", "server", "user-agent");

  /** Headers whose values differ from one connection to the next: not worth a slot in {@link SharedStrings}. */
  private static final Set<String> UNIQUE_VALUES = Set.of("sec-websocket-key", "cookie", "authorization");

  public HandshakeRequest {
    headers = Map.copyOf(headers);
    query = Map.copyOf(query);
  }

  /** The header {@code name} (lower case), or null. */
  public String header(String name) {
    return headers.get(name);
  }

  /** The query parameter {@code name}, or null. */
  public String queryParameter(String name) {
    return query.get(name);
  }

  static HandshakeRequest of(String uri, HttpHeaders httpHeaders, SocketAddress remote, boolean secure, long timeMillis) {
    // the strings are shared with earlier handshakes where equal: a session keeps its request for its whole life
    String url = SharedStrings.share(uri);
    return new HandshakeRequest(url, nodeHeaders(httpHeaders), query(url), SharedStrings.share(address(remote)),
        secure, timeMillis);
  }

  private static Map<String, String> nodeHeaders(HttpHeaders httpHeaders) {
    Map<String, String> merged = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : httpHeaders) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      String value = h.getValue();
      String before = merged.get(name);
      if (before == null) {
        merged.put(name, value);
      } else if (!SINGLE_VALUED.contains(name)) {
        merged.put(name, before + (name.equals("cookie") ? "; " : ", ") + value);
      }
    }
    return shared(merged, UNIQUE_VALUES);
  }

  /**
   * The last request target's query, shared by the next handshake with the same target (clients of one
   * application mostly send the same one): the map is immutable. Racy on purpose, like {@link SharedStrings}.
   */
  private static volatile LastQuery lastQuery;

  private record LastQuery(String url, Map<String, String> query) {}

  private static Map<String, String> query(String url) {
    LastQuery last = lastQuery;
    if (last != null && last.url.equals(url)) return last.query;
    Map<String, String> query = Map.copyOf(shared(lastValues(new QueryStringDecoder(url).parameters()), Set.of()));
    lastQuery = new LastQuery(url, query);
    return query;
  }

  /**
   * {@code map} with its names, and its values but those named in {@code ownValues}, replaced by their
   * {@link SharedStrings} instances; in the same order.
   */
  private static Map<String, String> shared(Map<String, String> map, Set<String> ownValues) {
    Map<String, String> shared = new LinkedHashMap<>();
    map.forEach((name, value) ->
        shared.put(SharedStrings.share(name), ownValues.contains(name) ? value : SharedStrings.share(value)));
    return shared;
  }

  static Map<String, String> lastValues(Map<String, List<String>> parameters) {
    Map<String, String> last = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
      List<String> values = p.getValue();
      last.put(p.getKey(), values.isEmpty() ? "" : values.get(values.size() - 1));
    }
    return last;
  }

  private static String address(SocketAddress remote) {
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) return inet.getAddress().getHostAddress();
    return "";
  }
}
