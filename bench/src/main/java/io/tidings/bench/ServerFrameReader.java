package io.tidings.bench;

import io.netty.buffer.ByteBuf;

/**
 * Cuts whole WebSocket frames out of the bytes a server sends (RFC 6455; server frames are unmasked).
 * Bytes of an unfinished frame stay in the caller's cumulation buffer for the next read. Frames are
 * handed out as slices of that buffer, valid only during the callback, so reading allocates nothing.
 *
 * <p>Stateless; the caller owns the buffer and its thread.
 */
public final class ServerFrameReader {

  /** Receives each whole frame: its opcode and its payload (a slice, valid during the call). */
  public interface Frames {
    void frame(int opcode, boolean fin, ByteBuf payload);
  }

  private ServerFrameReader() {}

  /**
   * Hands every whole frame in {@code in}'s readable bytes to {@code frames} and advances the reader
   * index past them.
   *
   * @throws IllegalStateException for a masked frame (a server must not mask)
   */
  public static void read(ByteBuf in, Frames frames) {
    while (in.readableBytes() >= 2) {
      int start = in.readerIndex();
      int b0 = in.getUnsignedByte(start);
      int b1 = in.getUnsignedByte(start + 1);
      if ((b1 & 0x80) != 0) throw new IllegalStateException("masked server frame");
      int len7 = b1 & 0x7f;
      int header;
      long length;
      if (len7 < 126) {
        header = 2;
        length = len7;
      } else if (len7 == 126) {
        if (in.readableBytes() < 4) return;
        header = 4;
        length = in.getUnsignedShort(start + 2);
      } else {
        if (in.readableBytes() < 10) return;
        header = 10;
        length = in.getLong(start + 2);
      }
      if (length > Integer.MAX_VALUE - header) throw new IllegalStateException("frame too long: " + length);
      if (in.readableBytes() < header + length) return;
      in.readerIndex(start + header + (int) length);
      frames.frame(b0 & 0x0f, (b0 & 0x80) != 0, in.slice(start + header, (int) length));
    }
  }
}
