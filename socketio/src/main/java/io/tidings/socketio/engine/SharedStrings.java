package io.tidings.socketio.engine;

/**
 * A small, fixed-size table that hands out one instance of a string that many handshakes repeat (header
 * names and most values, query parameters, the request target, the client's address), so an idle
 * connection does not keep its own copy of {@code "user-agent"}, {@code "websocket"} or
 * {@code "/socket.io/?EIO=4&transport=websocket"}.
 *
 * <p>Direct-mapped by hash: a string that collides with another replaces it, so the table never grows and
 * strings that are unique per connection (a WebSocket key, a token in the query) only evict others, costing
 * a copy each but never memory of their own. Long strings are not kept.
 *
 * <p><b>Threading:</b> thread-safe without locks. Slots are read and written racily on purpose: a
 * {@link String} is immutable and safely published through its final fields, so a reader sees either the
 * old or the new entry, and either way returns an equal string.
 */
final class SharedStrings {

  /** Longer strings are returned as they are: few repeat, and each would evict more useful entries. */
  static final int MAX_LENGTH = 256;
  private static final int SIZE = 1024; // a power of two

  private static final String[] TABLE = new String[SIZE];

  private SharedStrings() {}

  /** The shared instance equal to {@code s}, or {@code s} itself (which becomes the shared one); null for null. */
  static String share(String s) {
    if (s == null || s.length() > MAX_LENGTH) return s;
    int h = s.hashCode();
    int slot = (h ^ (h >>> 16)) & (SIZE - 1);
    String known = TABLE[slot];
    if (s.equals(known)) return known;
    TABLE[slot] = s;
    return s;
  }
}
