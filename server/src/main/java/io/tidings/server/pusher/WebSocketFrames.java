package io.tidings.server.pusher;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Whole WebSocket text frames (RFC 6455, FIN set, unmasked as every server frame is), built once and
 * written as raw bytes. Because a server frame carries no mask, the same bytes are valid for every
 * recipient: a broadcast encodes the frame once and every subscriber gets a retained duplicate of the
 * same buffer. Raw {@link ByteBuf}s pass through Netty's WebSocket encoder untouched (it only encodes
 * {@code WebSocketFrame}s). Stateless.
 */
public final class WebSocketFrames {

  private WebSocketFrames() {}

  /**
   * A complete text frame holding {@code payload} (UTF-8 JSON). The caller owns the returned buffer
   * (reference count 1).
   */
  public static ByteBuf text(ByteBufAllocator alloc, byte[] payload) {
    int length = payload.length;
    int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
    ByteBuf buf = alloc.directBuffer(header + length);
    buf.writeByte(0x81); // FIN + opcode 1 (text)
    if (length < 126) {
      buf.writeByte(length);
    } else if (length < 65536) {
      buf.writeByte(126);
      buf.writeShort(length);
    } else {
      buf.writeByte(127);
      buf.writeLong(length);
    }
    buf.writeBytes(payload);
    return buf;
  }

  /** The payload size of a frame built by {@link #text}. */
  public static int payloadLength(ByteBuf frame) {
    int len = frame.getUnsignedByte(frame.readerIndex() + 1);
    return len < 126 ? len : len == 126 ? frame.getUnsignedShort(frame.readerIndex() + 2)
        : (int) frame.getLong(frame.readerIndex() + 2);
  }
}
