package io.tidings.server.channels;

import java.util.Map;

/**
 * How a Pusher connection was made, kept for an observer (see {@link ConnectionActivity}): its upgrade
 * request's URL and headers (lower-case names), the client's address, TLS or not, and when. Immutable.
 */
public record ConnectionInfo(String url, Map<String, String> headers, String address, boolean secure,
    long issuedMillis) {

  public ConnectionInfo {
    headers = Map.copyOf(headers);
  }

  /** What is known of a connection whose upgrade request was not kept: its address and now. */
  public static ConnectionInfo unknown(java.net.SocketAddress socket) {
    return new ConnectionInfo("", Map.of(), "", false, System.currentTimeMillis()).withAddress(socket);
  }

  /** This info with the client's address (the socket's, as text without the leading slash). */
  public ConnectionInfo withAddress(java.net.SocketAddress socket) {
    String a = socket instanceof java.net.InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(socket);
    return new ConnectionInfo(url, headers, a, secure, issuedMillis);
  }
}
