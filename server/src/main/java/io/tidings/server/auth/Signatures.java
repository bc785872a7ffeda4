package io.tidings.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 signatures of the Pusher protocol (channel auth, sign-in, HTTP API, webhooks) and
 * the MD5 of HTTP bodies. Every comparison of a received signature is constant-time. Stateless and
 * thread-safe ({@link Mac} instances are cached per thread).
 */
public final class Signatures {

  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  });

  private Signatures() {}

  /** {@code hex(HMAC-SHA256(secret, message))}, lowercase. */
  public static String hmacSha256Hex(String secret, String message) {
    return HEX.formatHex(hmacSha256(secret, message.getBytes(StandardCharsets.UTF_8)));
  }

  /** {@code HMAC-SHA256(secret, message)}. */
  public static byte[] hmacSha256(String secret, byte[] message) {
    Mac mac = MAC.get();
    try {
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
    return mac.doFinal(message);
  }

  /** {@code hex(MD5(body))}, lowercase, as the HTTP API's {@code body_md5}. */
  public static String md5Hex(byte[] body) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("MD5").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JDK", e);
    }
  }

  /** Compares two strings in time independent of where they differ. Null never matches. */
  public static boolean constantTimeEquals(String expected, String received) {
    if (expected == null || received == null) return false;
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), received.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Checks a WebSocket auth value {@code "<key>:<hex signature>"} against {@code signedString}, as Soketi
   * does: the whole value must equal the app key, a colon and the expected signature.
   */
  public static boolean validAuth(String appKey, String secret, String signedString, String auth) {
    return constantTimeEquals(appKey + ":" + hmacSha256Hex(secret, signedString), auth);
  }
}
