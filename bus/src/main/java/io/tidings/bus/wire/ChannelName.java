package io.tidings.bus.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * NOTIFY channel names for bus namespaces, and how to LISTEN to them.
 *
 * <p>A namespace's channel is {@code <prefix>#<namespace>}, as in the Node adapter ({@code socket.io#/}).
 * PostgreSQL identifiers hold at most 63 bytes ({@code pg_notify} refuses longer names, {@code LISTEN}
 * silently truncates them), so a longer name is mapped deterministically, the same on every Tidings node:
 * its longest leading part of at most {@value #KEPT_BYTES} UTF-8 bytes (cut between code points),
 * then {@code ~}, then the first 16 hex digits of the SHA-256 of the whole name's UTF-8: at most
 * 63 bytes, and still readable in {@code pg_stat_activity}. Node nodes cannot join such a
 * namespace at all (their {@code pg_notify} fails), so only Tidings nodes ever meet the mapped form.
 *
 * <p>Stateless and thread-safe.
 */
public final class ChannelName {

  /** PostgreSQL's NAMEDATALEN − 1. */
  public static final int MAX_BYTES = 63;
  static final int HASH_HEX_DIGITS = 16;
  static final int KEPT_BYTES = MAX_BYTES - 1 - HASH_HEX_DIGITS;

  private ChannelName() {}

  /**
   * The channel of {@code namespace} under {@code prefix}.
   *
   * @throws IllegalArgumentException when either contains a NUL character, which PostgreSQL text cannot hold
   */
  public static String of(String prefix, String namespace) {
    String full = prefix + "#" + namespace;
    if (full.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("A channel name cannot contain NUL: " + full.replace("\0", "\\0"));
    }
    byte[] utf8 = full.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= MAX_BYTES) {
      return full;
    }
    return leadingPart(full, KEPT_BYTES) + "~" + HexFormat.of().formatHex(sha256(utf8), 0, HASH_HEX_DIGITS / 2);
  }

  /** {@code name} as a quoted SQL identifier: in double quotes, with every {@code "} doubled. */
  public static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** The statement that subscribes to {@code channel}. */
  public static String listenSql(String channel) {
    return "LISTEN " + quote(channel);
  }

  private static String leadingPart(String s, int maxBytes) {
    int bytes = 0;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      i += Character.charCount(cp);
    }
    return s.substring(0, i);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }
}
