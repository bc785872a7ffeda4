package io.tidings.socketio.engine.packet;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 as Node reads and writes it, where Java's own codec differs on malformed input.
 *
 * <p>Reading ({@code buffer.toString("utf8")}, {@code req.setEncoding("utf8")}) follows the WHATWG
 * Encoding Standard: each maximal invalid subpart becomes one U+FFFD, so the encoded surrogate
 * {@code ED A0 80} is three replacement characters (Java makes it one). Writing ({@code Buffer.from(s)})
 * turns a lone surrogate into U+FFFD (Java writes {@code ?}).
 *
 * <p>Stateless and thread-safe.
 */
public final class Utf8 {

  private static final char REPLACEMENT = '\uFFFD';

  private Utf8() {}

  /** The text of {@code bytes} as Node reads it. */
  public static String decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /** The text of {@code bytes[from..to)} as Node reads it. */
  public static String decode(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to && bytes[i] >= 0) {
      i++;
    }
    if (i == to) {
      return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }
    char[] out = new char[to - from];
    int n = 0;
    for (int j = from; j < i; j++) {
      out[n++] = (char) bytes[j];
    }
    int needed = 0;
    int seen = 0;
    int codePoint = 0;
    int lower = 0x80;
    int upper = 0xbf;
    while (i < to) {
      int b = bytes[i] & 0xff;
      if (needed == 0) {
        i++;
        if (b <= 0x7f) {
          out[n++] = (char) b;
        } else if (b >= 0xc2 && b <= 0xdf) {
          needed = 1;
          codePoint = b & 0x1f;
        } else if (b >= 0xe0 && b <= 0xef) {
          lower = b == 0xe0 ? 0xa0 : 0x80;
          upper = b == 0xed ? 0x9f : 0xbf;
          needed = 2;
          codePoint = b & 0x0f;
        } else if (b >= 0xf0 && b <= 0xf4) {
          lower = b == 0xf0 ? 0x90 : 0x80;
          upper = b == 0xf4 ? 0x8f : 0xbf;
          needed = 3;
          codePoint = b & 0x07;
        } else {
          out[n++] = REPLACEMENT;
        }
        continue;
      }
      if (b < lower || b > upper) {
        // The sequence so far is one error; the byte that broke it is read again as a start.
        out[n++] = REPLACEMENT;
        needed = 0;
        seen = 0;
        lower = 0x80;
        upper = 0xbf;
        continue;
      }
      i++;
      lower = 0x80;
      upper = 0xbf;
      codePoint = codePoint << 6 | b & 0x3f;
      if (++seen == needed) {
        n = Character.toChars(codePoint, out, n) + n;
        needed = 0;
        seen = 0;
      }
    }
    if (needed != 0) {
      out[n++] = REPLACEMENT;
    }
    return new String(out, 0, n);
  }

  /** The UTF-8 bytes of {@code s} after {@code prefix}, in one array, as Node writes a string. */
  static byte[] withPrefix(byte prefix, String s) {
    byte[] utf8 = wellFormed(s).getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[utf8.length + 1];
    out[0] = prefix;
    System.arraycopy(utf8, 0, out, 1, utf8.length);
    return out;
  }

  private static String wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return replaceLoneSurrogates(s, i);
      }
    }
    return s;
  }

  private static String replaceLoneSurrogates(String s, int from) {
    StringBuilder b = new StringBuilder(s.length()).append(s, 0, from);
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(++i));
      } else {
        b.append(Character.isSurrogate(c) ? REPLACEMENT : c);
      }
    }
    return b.toString();
  }
}
