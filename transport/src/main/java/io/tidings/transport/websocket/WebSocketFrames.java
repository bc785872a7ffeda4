package io.tidings.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Whole WebSocket data frames (RFC 6455, FIN set, unmasked as every server frame is), built once and
 * written as raw bytes. Because a server frame carries no mask, the same bytes are valid for every
 * recipient: a broadcast encodes the frame once and every recipient gets a retained duplicate of the
 * same buffer. Raw {@link ByteBuf}s pass through Netty's WebSocket encoder untouched (it only encodes
 * {@code WebSocketFrame}s). Stateless.
 */
public final class WebSocketFrames {

  /** Opcode of a text frame. */
  public static final int TEXT = 0x1;
  /** Opcode of a binary frame. */
  public static final int BINARY = 0x2;

  private WebSocketFrames() {}

  /**
   * A complete text frame holding {@code payload} (UTF-8). The caller owns the returned buffer (reference
   * count 1).
   */
  public static ByteBuf text(ByteBufAllocator alloc, byte[] payload) {
    return frame(alloc, TEXT, payload, 0, payload.length);
  }

  /** A complete binary frame holding {@code payload}. The caller owns the returned buffer. */
  public static ByteBuf binary(ByteBufAllocator alloc, byte[] payload) {
    return frame(alloc, BINARY, payload, 0, payload.length);
  }

  /** A complete frame with {@code opcode} holding {@code length} bytes of {@code payload} from {@code offset}. */
  public static ByteBuf frame(ByteBufAllocator alloc, int opcode, byte[] payload, int offset, int length) {
    int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
    ByteBuf buf = alloc.directBuffer(header + length);
    buf.writeByte(0x80 | opcode); // FIN + opcode
    if (length < 126) {
      buf.writeByte(length);
    } else if (length < 65536) {
      buf.writeByte(126);
      buf.writeShort(length);
    } else {
      buf.writeByte(127);
      buf.writeLong(length);
    }
    buf.writeBytes(payload, offset, length);
    return buf;
  }

  /** The opcode of a frame built here. */
  public static int opcode(ByteBuf frame) {
    return frame.getUnsignedByte(frame.readerIndex()) & 0x0f;
  }

  /** The payload size of a frame built here. */
  public static int payloadLength(ByteBuf frame) {
    int len = frame.getUnsignedByte(frame.readerIndex() + 1);
    return len < 126 ? len : len == 126 ? frame.getUnsignedShort(frame.readerIndex() + 2)
        : (int) frame.getLong(frame.readerIndex() + 2);
  }

  /**
   * The payload of a frame built here, as a slice sharing its memory (not retained: retain it, or take a
   * {@code retainedSlice}, to keep it). For recipients that are not WebSockets.
   */
  public static ByteBuf payload(ByteBuf frame) {
    int len = frame.getUnsignedByte(frame.readerIndex() + 1);
    int header = len < 126 ? 2 : len == 126 ? 4 : 10;
    return frame.slice(frame.readerIndex() + header, payloadLength(frame));
  }
}
