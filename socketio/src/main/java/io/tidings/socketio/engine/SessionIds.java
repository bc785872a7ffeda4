package io.tidings.socketio.engine;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Session ids as Node's {@code base64id.generateId()} makes them: 15 bytes, the first 12 random and the last
 * 3 a running number, in base64 with {@code -} and {@code _} for {@code +} and {@code /} (20 characters, no
 * padding). The random part makes an id unguessable; a session id is a bearer token for its session.
 *
 * <p><b>Threading:</b> thread-safe.
 */
final class SessionIds {

  private final SecureRandom random = new SecureRandom();
  private final AtomicInteger sequence = new AtomicInteger();

  String next() {
    byte[] id = new byte[15];
    byte[] randomPart = new byte[12];
    random.nextBytes(randomPart);
    System.arraycopy(randomPart, 0, id, 0, 12);
    int n = sequence.getAndIncrement();
    id[12] = (byte) (n >> 16);
    id[13] = (byte) (n >> 8);
    id[14] = (byte) n;
    return Base64.getUrlEncoder().encodeToString(id);
  }
}
