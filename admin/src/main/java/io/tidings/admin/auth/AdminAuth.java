package io.tidings.admin.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Who may open the admin namespace, as {@code @socket.io/admin-ui}'s {@code auth} option: off, or basic
 * (a user name and the bcrypt hash of the password, as {@code bcryptjs} or {@code htpasswd -B} make it).
 * A client that logs in with the right credentials is given a session id (the {@code session} event); it
 * may come back with that id alone, as the UI does when it reconnects — to any node of the cluster, which
 * learns the ids the others give ({@link #acceptSession}).
 *
 * <p>{@link #check} runs bcrypt (about 100 ms of CPU at cost 10): call it off the event loops. Thread-safe.
 */
public final class AdminAuth {

  /** What the client is told when it is refused, word for word as Node's admin-ui says it. */
  public static final String INVALID_CREDENTIALS = "invalid credentials";

  /** {@code $2a$}, {@code $2b$} or {@code $2y$}, two-digit cost, 22 characters of salt and 31 of hash. */
  private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The outcome of one login. */
  public sealed interface Outcome {}

  /** Let in; {@code newSessionId} is to be sent to the client (null when it came with a valid session). */
  public record Accepted(String newSessionId) implements Outcome {}

  /** Refused: {@link #INVALID_CREDENTIALS}. */
  public record Refused() implements Outcome {}

  private final String username;
  private final String passwordHash;
  private final AdminSessions sessions;

  private AdminAuth(String username, String passwordHash, AdminSessions sessions) {
    this.username = username;
    this.passwordHash = passwordHash;
    this.sessions = sessions;
  }

  /** No authentication: anyone who reaches the admin namespace is let in. */
  public static AdminAuth disabled() {
    return new AdminAuth(null, null, null);
  }

  /**
   * Basic authentication.
   *
   * @throws IllegalArgumentException when {@code passwordHash} is not a bcrypt hash (Node's message)
   */
  public static AdminAuth basic(String username, String passwordHash) {
    Objects.requireNonNull(username, "username");
    if (passwordHash == null || !BCRYPT.matcher(passwordHash).matches()) {
      throw new IllegalArgumentException("the `password` field must be a valid bcrypt hash");
    }
    return new AdminAuth(username, passwordHash, new AdminSessions(AdminSessions.DEFAULT_TTL, AdminSessions.DEFAULT_MAX, System::nanoTime));
  }

  /** True unless {@link #disabled()}. */
  public boolean enabled() {
    return passwordHash != null;
  }

  /**
   * Checks one connection's {@code auth}: a session id given earlier, else the user name and password.
   * Blocking (bcrypt); any thread but an event loop.
   */
  public Outcome check(String sessionId, String user, String password) {
    if (!enabled()) return new Accepted(null);
    if (sessionId != null && sessions.exists(sessionId)) return new Accepted(null);
    if (user == null || password == null) return new Refused();
    boolean userMatches = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8), username.getBytes(StandardCharsets.UTF_8));
    boolean passwordMatches;
    try {
      passwordMatches = BCrypt.checkpw(password, passwordHash);
    } catch (IllegalArgumentException e) {
      passwordMatches = false; // over bcrypt's 72 bytes: cannot be the password
    }
    if (!userMatches || !passwordMatches) return new Refused();
    String id = newSessionId();
    sessions.add(id);
    return new Accepted(id);
  }

  /**
   * Accepts {@code sessionId}, given by another node of the cluster to a client that logged in there, so
   * that the client may come back here with it (as Node's {@code RedisStore} shares sessions). Ignored when
   * authentication is off or the id is not 16 hex digits. Any thread.
   */
  public void acceptSession(String sessionId) {
    if (enabled() && sessionId != null && sessionId.matches("[0-9a-f]{16}")) sessions.add(sessionId);
  }

  /** 8 random bytes in hex, as Node's admin-ui makes them. */
  static String newSessionId() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
