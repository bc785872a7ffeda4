package io.tidings.socketio.engine.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedPacketTest {

  @Test
  void aLoneSurrogateIsWrittenAsTheReplacementCharacterAsNodeWritesIt() {
    EncodedPacket p = EncodedPacket.message("a\ud800b\udc00");

    assertThat(HexFormat.of().formatHex(p.webSocketPayload())).isEqualTo("3461efbfbd62efbfbd");
  }

  @Test
  void aSurrogatePairIsWrittenAsOneFourByteCharacter() {
    assertThat(HexFormat.of().formatHex(EncodedPacket.message("\ud83d\ude00").webSocketPayload())).isEqualTo("34f09f9880");
  }

  @Test
  void aTextPacketHasTheSameFormInAPollingPayloadAsInAWebSocketFrame() {
    EncodedPacket p = EncodedPacket.message("2[\"chat\"]");

    assertThat(p.pollingForm()).isSameAs(p.webSocketPayload());
  }

  @Test
  void theBase64FormOfABinaryMessageIsBuiltOnceAndShared() {
    EncodedPacket p = EncodedPacket.message(new byte[] {(byte) 0xff, 0, 1});

    assertThat(new String(p.pollingForm(), StandardCharsets.US_ASCII)).isEqualTo("b/wAB");
    assertThat(p.pollingForm()).isSameAs(p.pollingForm());
  }

  @Test
  void oneEncodedPacketServesPayloadsOfDifferentConnections() {
    EncodedPacket shared = EncodedPacket.message("2[\"news\"]");

    byte[] a = EngineParser.encodePayload(List.of(shared));
    byte[] b = EngineParser.encodePayload(List.of(EncodedPacket.text(EnginePacketType.PING, ""), shared));

    assertThat(new String(a, StandardCharsets.UTF_8)).isEqualTo("42[\"news\"]");
    assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("2\u001e42[\"news\"]");
  }

  @Test
  void aPacketEncodesToWhatDecodesBackToIt() throws EngineParseException {
    for (EnginePacket p : List.of(EnginePacket.of(EnginePacketType.CLOSE), EnginePacket.message("x"),
        new EnginePacket.Text(EnginePacketType.OPEN, "{}"), EnginePacket.message(new byte[] {9}))) {
      EncodedPacket encoded = EncodedPacket.of(p);

      assertThat(EngineParser.decodePacket(new String(encoded.pollingForm(), StandardCharsets.UTF_8))).isEqualTo(p);
    }
  }
}
