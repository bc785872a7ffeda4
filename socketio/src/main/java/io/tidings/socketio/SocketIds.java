package io.tidings.socketio;

import java.security.SecureRandom;
import java.util.Base64;

/** Socket and session ids as Node's {@code base64id.generateId()} makes them: 20 characters of base64url. Thread-safe. */
final class SocketIds {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private SocketIds() {}

  static String next() {
    byte[] bytes = new byte[15];
    RANDOM.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }
}
