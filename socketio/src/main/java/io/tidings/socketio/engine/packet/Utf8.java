package io.tidings.socketio.engine.packet;

import java.nio.charset.StandardCharsets;

/** UTF-8 as Node writes a string: a lone surrogate becomes U+FFFD, where Java's encoder writes {@code ?}. */
final class Utf8 {

  private Utf8() {}

  /** The UTF-8 bytes of {@code s} after {@code prefix}, in one array. */
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
        b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return b.toString();
  }
}
