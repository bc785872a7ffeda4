package io.tidings.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadTest {

  private static ByteBuf ascii(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }

  @Test
  void encodesExactlyOneHundredAsciiBytes() {
    String p = Payload.encode(7, 123456, 9_876_543_210_123L);
    assertThat(p).hasSize(Payload.SIZE).startsWith("~B7.123456.9876543210123.").matches("[ -~]+");
  }

  @Test
  void findsThePayloadInsideAPusherFrame() {
    String frame = "{\"event\":\"bench\",\"channel\":\"bench\",\"data\":\"" + Payload.encode(3, 42, 1000) + "\"}";
    Payload.Stamp s = new Payload.Stamp();
    assertThat(Payload.decode(ascii(frame), s)).isTrue();
    assertThat(s.stream).isEqualTo(3);
    assertThat(s.seq).isEqualTo(42);
    assertThat(s.intendedNanos).isEqualTo(1000);
  }

  @Test
  void findsThePayloadInsideASocketIoPacketWithANegativeClock() {
    String packet = "42[\"bench\",\"" + Payload.encode(1, 0, -55) + "\"]";
    Payload.Stamp s = new Payload.Stamp();
    assertThat(Payload.decode(ascii(packet), s)).isTrue();
    assertThat(s.intendedNanos).isEqualTo(-55);
  }

  @Test
  void framesWithoutAPayloadAreNotMessages() {
    Payload.Stamp s = new Payload.Stamp();
    assertThat(Payload.decode(ascii("{\"event\":\"pusher:ping\",\"data\":{}}"), s)).isFalse();
    assertThat(Payload.decode(ascii("~x~B12.3"), s)).isFalse(); // cut short
  }
}
