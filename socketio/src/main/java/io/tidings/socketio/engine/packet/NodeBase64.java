package io.tidings.socketio.engine.packet;

import java.util.Arrays;

/**
 * Base64 decoding as Node's {@code Buffer.from(string, "base64")} does it, which never fails: both the
 * standard and the URL alphabet count, any other character is skipped, the first {@code =} ends the input,
 * a last group of two or three characters gives one or two bytes and a lone last character nothing. Each
 * UTF-16 unit is read by its low byte only ({@code U+0141} reads as {@code A}, {@code U+013D} as {@code =}),
 * as Node's decoder casts each unit to a byte.
 */
final class NodeBase64 {

  private static final byte[] SEXTETS = new byte[256];

  static {
    Arrays.fill(SEXTETS, (byte) -1);
    String standard = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < standard.length(); i++) {
      SEXTETS[standard.charAt(i)] = (byte) i;
    }
    SEXTETS['-'] = 62;
    SEXTETS['_'] = 63;
  }

  private NodeBase64() {}

  /** The bytes that {@code s} from index {@code from} to index {@code to} decodes to. */
  static byte[] decode(String s, int from, int to) {
    byte[] out = new byte[(to - from) / 4 * 3 + 2];
    int n = 0;
    int group = 0;
    int count = 0;
    for (int i = from; i < to; i++) {
      int b = s.charAt(i) & 0xff;
      if (b == '=') {
        break;
      }
      int sextet = SEXTETS[b];
      if (sextet < 0) {
        continue;
      }
      group = group << 6 | sextet;
      if (++count == 4) {
        out[n++] = (byte) (group >> 16);
        out[n++] = (byte) (group >> 8);
        out[n++] = (byte) group;
        group = 0;
        count = 0;
      }
    }
    if (count == 2) {
      out[n++] = (byte) (group >> 4);
    } else if (count == 3) {
      out[n++] = (byte) (group >> 10);
      out[n++] = (byte) (group >> 2);
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}
