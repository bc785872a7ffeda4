package io.tidings.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The exact bytes of the frames built once for every recipient (RFC 6455 §5.2: FIN, opcode, unmasked length). */
class WebSocketFramesTest {

  static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

  @Test
  void aShortTextFrameIsTwoHeaderBytesAndThePayload() {
    ByteBuf f = WebSocketFrames.text(ALLOC, "Hello".getBytes(StandardCharsets.UTF_8));
    assertThat(ByteBufUtil.hexDump(f)).isEqualTo("810548656c6c6f");
    assertThat(WebSocketFrames.payloadLength(f)).isEqualTo(5);
    assertThat(WebSocketFrames.opcode(f)).isEqualTo(WebSocketFrames.TEXT);
    f.release();
  }

  @Test
  void aBinaryFrameOf126BytesUsesTheTwoByteLength() {
    byte[] payload = new byte[126];
    Arrays.fill(payload, (byte) 7);
    ByteBuf f = WebSocketFrames.binary(ALLOC, payload);
    assertThat(ByteBufUtil.hexDump(f, 0, 4)).isEqualTo("82" + "7e" + "007e");
    assertThat(f.readableBytes()).isEqualTo(4 + 126);
    assertThat(WebSocketFrames.payloadLength(f)).isEqualTo(126);
    assertThat(WebSocketFrames.opcode(f)).isEqualTo(WebSocketFrames.BINARY);
    f.release();
  }

  @Test
  void aFrameOf65536BytesUsesTheEightByteLength() {
    ByteBuf f = WebSocketFrames.text(ALLOC, new byte[65536]);
    assertThat(ByteBufUtil.hexDump(f, 0, 10)).isEqualTo("81" + "7f" + "0000000000010000");
    assertThat(WebSocketFrames.payloadLength(f)).isEqualTo(65536);
    f.release();
  }

  @Test
  void thePayloadOfAFrameIsASliceOfItsBytes() {
    byte[] payload = ("4" + "x".repeat(200)).getBytes(StandardCharsets.UTF_8);
    ByteBuf f = WebSocketFrames.text(ALLOC, payload);
    assertThat(ByteBufUtil.getBytes(WebSocketFrames.payload(f))).isEqualTo(payload);
    f.release();
  }
}
