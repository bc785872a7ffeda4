package io.tidings.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.tidings.transport.websocket.WebSocketFrames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketFramingTest {

  private static List<String> readAll(ByteBuf in) {
    List<String> texts = new ArrayList<>();
    ServerFrameReader.read(in, (op, fin, payload) -> texts.add(op + ":" + payload.toString(StandardCharsets.UTF_8)));
    return texts;
  }

  @Test
  void readsTheServersFramesIncludingExtendedLengths() {
    String longText = "x".repeat(300);
    ByteBuf in = Unpooled.buffer();
    in.writeBytes(WebSocketFrames.text(ByteBufAllocator.DEFAULT, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    in.writeBytes(WebSocketFrames.text(ByteBufAllocator.DEFAULT, longText.getBytes(StandardCharsets.UTF_8)));
    assertThat(readAll(in)).containsExactly("1:{\"a\":1}", "1:" + longText);
    assertThat(in.isReadable()).isFalse();
  }

  @Test
  void leavesAPartialFrameForTheNextRead() {
    ByteBuf whole = WebSocketFrames.text(ByteBufAllocator.DEFAULT, "hello world".getBytes(StandardCharsets.UTF_8));
    ByteBuf in = Unpooled.buffer().writeBytes(whole, 0, 5);
    assertThat(readAll(in)).isEmpty();
    assertThat(in.readableBytes()).isEqualTo(5);
    in.writeBytes(whole, 5, whole.readableBytes() - 5);
    assertThat(readAll(in)).containsExactly("1:hello world");
  }

  @Test
  void clientFramesAreMaskedAndUnmaskToTheText() {
    String text = "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + "c".repeat(150) + "\"}}";
    ByteBuf f = ClientFrames.text(ByteBufAllocator.DEFAULT, text);
    assertThat((int) f.getUnsignedByte(0)).isEqualTo(0x81);
    assertThat((int) f.getUnsignedByte(1) & 0x80).isEqualTo(0x80); // mask bit
    assertThat((int) f.getUnsignedByte(1) & 0x7f).isEqualTo(126);
    int length = f.getUnsignedShort(2);
    byte[] mask = new byte[4];
    f.getBytes(4, mask);
    byte[] payload = new byte[length];
    for (int i = 0; i < length; i++) payload[i] = (byte) (f.getByte(8 + i) ^ mask[i & 3]);
    assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(text);
  }
}
