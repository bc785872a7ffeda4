package io.tidings.bench;

import io.netty.buffer.ByteBuf;

/**
 * Reads one HTTP/1.1 response at a time out of a client's received bytes, without building strings: the
 * status, {@code Content-Length} (every target answers with one) and whether the server will close the
 * connection after it ({@code Connection: close}, which Soketi sends on every API answer).
 *
 * <p>Mutable and reused by one connection; confined to its loop.
 */
public final class HttpResponseHead {

  private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] CONNECTION = "connection:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] CLOSE = "close".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** The status of the last response read. */
  public int status;
  /** Whether the last response said {@code Connection: close}. */
  public boolean close;

  /**
   * Consumes one whole response from {@code buf}.
   *
   * @return false (consuming nothing) when it is not all there yet
   * @throws IllegalStateException when the bytes are not an HTTP/1.x response with a length
   */
  public boolean read(ByteBuf buf) {
    int start = buf.readerIndex();
    int end = Subscriber.headersEnd(buf);
    if (end < 0) return false;
    if (end - start < 12 || buf.getByte(start) != 'H' || buf.getByte(start + 4) != '/') {
      throw new IllegalStateException("not an HTTP response");
    }
    int st = (buf.getByte(start + 9) - '0') * 100 + (buf.getByte(start + 10) - '0') * 10 + (buf.getByte(start + 11) - '0');
    long length = -1;
    boolean closing = false;
    int line = indexOfCrLf(buf, start, end) + 2;
    while (line < end) {
      int next = indexOfCrLf(buf, line, end + 2);
      if (startsWithIgnoreCase(buf, line, next, CONTENT_LENGTH)) {
        length = 0;
        for (int i = line + CONTENT_LENGTH.length; i < next; i++) {
          byte b = buf.getByte(i);
          if (b >= '0' && b <= '9') length = length * 10 + (b - '0');
        }
      } else if (startsWithIgnoreCase(buf, line, next, CONNECTION)) {
        closing = containsIgnoreCase(buf, line + CONNECTION.length, next, CLOSE);
      }
      line = next + 2;
    }
    if (length < 0) throw new IllegalStateException("a response without Content-Length");
    long total = end + 4 - start + length;
    if (buf.readableBytes() < total) return false;
    buf.skipBytes((int) total);
    status = st;
    close = closing;
    return true;
  }

  private static int indexOfCrLf(ByteBuf buf, int from, int limit) {
    for (int i = from; i < limit; i++) {
      if (buf.getByte(i) == '\r' && buf.getByte(i + 1) == '\n') return i;
    }
    return limit;
  }

  private static boolean startsWithIgnoreCase(ByteBuf buf, int from, int to, byte[] prefix) {
    if (to - from < prefix.length) return false;
    for (int i = 0; i < prefix.length; i++) {
      if (Character.toLowerCase(buf.getByte(from + i)) != prefix[i]) return false;
    }
    return true;
  }

  private static boolean containsIgnoreCase(ByteBuf buf, int from, int to, byte[] word) {
    outer:
    for (int i = from; i + word.length <= to; i++) {
      for (int k = 0; k < word.length; k++) {
        if (Character.toLowerCase(buf.getByte(i + k)) != word[k]) continue outer;
      }
      return true;
    }
    return false;
  }
}
