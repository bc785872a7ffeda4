package io.tidings.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * WebSocket frames a client sends (RFC 6455 §5.3: every client frame is masked with a fresh key), and
 * the HTTP upgrade request. Stateless.
 */
public final class ClientFrames {

  public static final int OP_TEXT = 1;
  public static final int OP_CLOSE = 8;
  public static final int OP_PING = 9;
  public static final int OP_PONG = 10;

  private ClientFrames() {}

  /** A masked text frame of {@code text}. The caller owns the buffer. */
  public static ByteBuf text(ByteBufAllocator alloc, String text) {
    return frame(alloc, OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A masked frame with {@code opcode} and {@code payload}, FIN set. */
  public static ByteBuf frame(ByteBufAllocator alloc, int opcode, byte[] payload) {
    int length = payload.length;
    int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
    ByteBuf buf = alloc.buffer(header + 4 + length);
    buf.writeByte(0x80 | opcode);
    if (length < 126) {
      buf.writeByte(0x80 | length);
    } else if (length < 65536) {
      buf.writeByte(0x80 | 126);
      buf.writeShort(length);
    } else {
      buf.writeByte(0x80 | 127);
      buf.writeLong(length);
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    buf.writeBytes(mask);
    for (int i = 0; i < length; i++) buf.writeByte(payload[i] ^ mask[i & 3]);
    return buf;
  }

  /** The upgrade request for {@code pathAndQuery} on {@code host:port}. */
  public static byte[] upgradeRequest(String host, int port, String pathAndQuery) {
    byte[] key = new byte[16];
    ThreadLocalRandom.current().nextBytes(key);
    String request = "GET " + pathAndQuery + " HTTP/1.1\r\n"
        + "Host: " + host + ":" + port + "\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + java.util.Base64.getEncoder().encodeToString(key) + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n";
    return request.getBytes(StandardCharsets.US_ASCII);
  }
}
