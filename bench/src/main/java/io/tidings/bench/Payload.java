package io.tidings.bench;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The 100-byte event data every benchmark message carries: {@code ~B<stream>.<seq>.<intended>.} padded
 * with {@code x}, all ASCII so that no protocol escapes it and it can be found in any frame (a Pusher
 * event, a Socket.IO packet) by its marker {@code ~B} without parsing JSON.
 *
 * <ul>
 *   <li>{@code stream}: the publisher and measurement step, so a late message of an earlier step is never
 *       counted in a later one;</li>
 *   <li>{@code seq}: the message's number in its stream, from 0 (loss, duplicates and order);</li>
 *   <li>{@code intended}: the {@link System#nanoTime()} at which the schedule meant to send it. Latency is
 *       measured from there, not from the actual send, so a publisher that falls behind cannot hide the
 *       delay (no coordinated omission). {@code nanoTime} is CLOCK_MONOTONIC on Linux, valid across
 *       processes on one host.</li>
 * </ul>
 *
 * Stateless.
 */
public final class Payload {

  /** Bytes of event data, as the scenarios specify. */
  public static final int SIZE = 100;

  private static final byte MARK_1 = '~';
  private static final byte MARK_2 = 'B';

  private Payload() {}

  /** The data of one message: exactly {@link #SIZE} ASCII characters. */
  public static String encode(int stream, long seq, long intendedNanos) {
    StringBuilder sb = new StringBuilder(SIZE);
    sb.append("~B").append(stream).append('.').append(seq).append('.').append(intendedNanos).append('.');
    while (sb.length() < SIZE) sb.append('x');
    return sb.toString();
  }

  /** {@link #encode} as bytes. */
  public static byte[] encodeBytes(int stream, long seq, long intendedNanos) {
    return encode(stream, seq, intendedNanos).getBytes(StandardCharsets.US_ASCII);
  }

  /** What {@link #decode} found. Mutable and reused, so the receive path allocates nothing. */
  public static final class Stamp {
    public int stream;
    public long seq;
    public long intendedNanos;
  }

  /**
   * Finds the first payload in {@code buf}'s readable bytes and reads it into {@code out}; the buffer's
   * indexes are not moved.
   *
   * @return false when the bytes hold no (whole) payload
   */
  public static boolean decode(ByteBuf buf, Stamp out) {
    int end = buf.writerIndex();
    int i = buf.readerIndex();
    while (true) {
      i = buf.indexOf(i, end - 1, MARK_1);
      if (i < 0) return false;
      if (buf.getByte(i + 1) == MARK_2) break;
      i++;
    }
    int p = i + 2;
    long[] field = new long[1];
    p = number(buf, p, end, field);
    if (p < 0) return false;
    out.stream = (int) field[0];
    p = number(buf, p, end, field);
    if (p < 0) return false;
    out.seq = field[0];
    p = number(buf, p, end, field);
    if (p < 0) return false;
    out.intendedNanos = field[0];
    return true;
  }

  /** Reads a (possibly negative) decimal ending with '.', returns the index after the dot or -1. */
  private static int number(ByteBuf buf, int p, int end, long[] out) {
    boolean negative = false;
    if (p < end && buf.getByte(p) == '-') {
      negative = true;
      p++;
    }
    long v = 0;
    int digits = 0;
    while (p < end) {
      byte b = buf.getByte(p);
      if (b == '.') {
        if (digits == 0) return -1;
        out[0] = negative ? -v : v;
        return p + 1;
      }
      if (b < '0' || b > '9') return -1;
      v = v * 10 + (b - '0');
      digits++;
      p++;
    }
    return -1;
  }
}
