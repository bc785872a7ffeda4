package io.tidings.socketio.engine.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code engine.io-parser} 5.2.3 accepts and refuses, each case checked against it in Node 20. */
class EngineParserTest {

  @Test
  void aTypeDigitAloneIsAPacketWithoutData() throws EngineParseException {
    assertThat(EngineParser.decodePacket("4")).isEqualTo(new EnginePacket.Text(EnginePacketType.MESSAGE, ""));
    assertThat(EngineParser.decodePacket("6")).isEqualTo(EnginePacket.of(EnginePacketType.NOOP));
  }

  @Test
  void everyTypeFromOpenToNoopIsRead() throws EngineParseException {
    for (EnginePacketType type : EnginePacketType.values()) {
      assertThat(EngineParser.decodePacket(type.code() + "x").type()).isEqualTo(type);
    }
  }

  @Test
  void anUnknownTypeIsAParseError() {
    assertThatThrownBy(() -> EngineParser.decodePacket("7")).isInstanceOf(EngineParseException.class)
        .hasMessage("parser error");
    assertThatThrownBy(() -> EngineParser.decodePacket("x4")).isInstanceOf(EngineParseException.class);
    assertThatThrownBy(() -> EngineParser.decodePacket(" 4")).isInstanceOf(EngineParseException.class);
  }

  @Test
  void anEmptyPacketIsAParseError() {
    assertThatThrownBy(() -> EngineParser.decodePacket("")).isInstanceOf(EngineParseException.class);
  }

  @Test
  void anEmptyPieceOfAPayloadIsAParseErrorAfterThePacketsBeforeIt() {
    List<EnginePacket> delivered = new ArrayList<>();

    assertThatThrownBy(() -> EngineParser.decodePayload("4a\u001e2\u001e\u001e4b", delivered::add))
        .isInstanceOf(EngineParseException.class);
    assertThat(delivered).containsExactly(EnginePacket.message("a"), EnginePacket.of(EnginePacketType.PING));
  }

  @Test
  void aTrailingSeparatorIsAParseError() {
    List<EnginePacket> delivered = new ArrayList<>();

    assertThatThrownBy(() -> EngineParser.decodePayload("4a\u001e", delivered::add)).isInstanceOf(EngineParseException.class);
    assertThat(delivered).containsExactly(EnginePacket.message("a"));
  }

  @Test
  void anEmptyPayloadIsAParseError() {
    assertThatThrownBy(() -> EngineParser.decodePayload("", p -> { })).isInstanceOf(EngineParseException.class);
  }

  @Test
  void theTextOfAPacketMayHoldAnythingButTheSeparator() throws EngineParseException {
    assertThat(EngineParserGoldenTest.decode("4{\"a\":\"\u00e9\ud83d\ude00\"}\u001e40/admin,"))
        .containsExactly(EnginePacket.message("{\"a\":\"\u00e9\ud83d\ude00\"}"), EnginePacket.message("0/admin,"));
  }

  @Test
  void aBinaryWebSocketFrameIsABinaryMessageWhateverItHolds() {
    byte[] frame = {'4', 'x'};

    assertThat(EngineParser.decodePacket(frame)).isEqualTo(EnginePacket.message(new byte[] {'4', 'x'}));
    assertThat(EngineParser.decodePacket(new byte[0])).isEqualTo(EnginePacket.message(new byte[0]));
  }

  @Test
  void aTextFrameStartingWithBIsBase64EvenOverWebSocket() throws EngineParseException {
    assertThat(EngineParser.decodePacket("bAQID")).isEqualTo(EnginePacket.message(new byte[] {1, 2, 3}));
  }

  @Test
  void base64AcceptsTheUrlAlphabetAsNodeDoes() throws EngineParseException {
    assertThat(EngineParser.decodePacket("b-_-_")).isEqualTo(binary(0xfb, 0xff, 0xbf));
    assertThat(EngineParser.decodePacket("b+/+/")).isEqualTo(binary(0xfb, 0xff, 0xbf));
  }

  @Test
  void base64SkipsCharactersOutsideItsAlphabet() throws EngineParseException {
    assertThat(EngineParser.decodePacket("bQ U\nJ!D")).isEqualTo(binary(0x41, 0x42, 0x43));
    assertThat(EngineParser.decodePacket("bQUJD\u00e9QUJD")).isEqualTo(binary(0x41, 0x42, 0x43, 0x41, 0x42, 0x43));
  }

  @Test
  void base64StopsAtTheFirstEqualsSign() throws EngineParseException {
    assertThat(EngineParser.decodePacket("bQU==QUJD")).isEqualTo(binary(0x41));
    assertThat(EngineParser.decodePacket("b=QUJD")).isEqualTo(binary());
  }

  @Test
  void base64DecodesAShortLastGroupAndDropsALoneLastCharacter() throws EngineParseException {
    assertThat(EngineParser.decodePacket("bQUJ")).isEqualTo(binary(0x41, 0x42));
    assertThat(EngineParser.decodePacket("bQU")).isEqualTo(binary(0x41));
    assertThat(EngineParser.decodePacket("bQUJDR")).isEqualTo(binary(0x41, 0x42, 0x43));
    assertThat(EngineParser.decodePacket("b")).isEqualTo(binary());
  }

  @Test
  void base64ReadsEachCharacterByItsLowByteAsNodeDoes() throws EngineParseException {
    // U+0141 is read as 'A', U+0151 as 'Q', U+013D and U+3D3D as '=', a surrogate D83D as '='.
    assertThat(EngineParser.decodePacket("b\u0141\u0141\u0141\u0141")).isEqualTo(binary(0, 0, 0));
    assertThat(EngineParser.decodePacket("b\u0151UJD")).isEqualTo(binary(0x41, 0x42, 0x43));
    assertThat(EngineParser.decodePacket("bQU\u013dJD")).isEqualTo(binary(0x41));
    assertThat(EngineParser.decodePacket("b\ud83d\ude00QUJD")).isEqualTo(binary());
  }

  private static EnginePacket binary(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return EnginePacket.message(b);
  }
}
