package io.tidings.socketio.engine;

/**
 * The first checks of Node's {@code verify()}, shared by polling requests and WebSocket upgrades: a
 * transport this server speaks, and an {@code Origin} header without invalid characters. The checks that
 * need the session (its transport, its protocol) or the handshake ({@code allowRequest}, {@code EIO})
 * follow in the entries. Stateless.
 */
final class RequestChecks {

  private RequestChecks() {}

  /** The error of Node's first two checks, or null when both pass. */
  static EngineError transportAndOrigin(EngineOptions options, String transport, String origin) {
    EngineTransport t = EngineTransport.ofWireName(transport);
    if (t == null || !options.enabled(t)) return EngineError.UNKNOWN_TRANSPORT;
    if (origin != null && invalidHeaderValue(origin)) return EngineError.BAD_REQUEST;
    return null;
  }

  /** Whether a session's request speaks the session's protocol revision: {@code EIO=4}. */
  static boolean protocolFour(String eio) {
    return "4".equals(eio);
  }

  /** Node's {@code checkInvalidHeaderChar}: anything but HTAB, visible ASCII, space and bytes 0x80–0xFF. */
  static boolean invalidHeaderValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean valid = c == '\t' || (c >= 0x20 && c <= 0x7e) || (c >= 0x80 && c <= 0xff);
      if (!valid) return true;
    }
    return false;
  }
}
