package io.tidings.bus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Golden tests against the attachment rows Node's {@code @msgpack/msgpack} 2.8 wrote (wire reference
 * §6.2). Each test says which direction it covers.
 */
class MessagePackGoldenTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Row 2, all 102 bytes as annotated in the reference: {@code io.emit("bin", Buffer[1,2,3,4], "txt")}. */
  static final String ROW_2 = "84"
      + "a474797065" + "03"
      + "a464617461" + "82"
      + "a67061636b6574" + "82"
      + "a474797065" + "02"
      + "a464617461" + "93"
      + "a362696e"
      + "c40401020304"
      + "a3747874"
      + "a46f70747383"
      + "a5726f6f6d7390"
      + "a665786365707490"
      + "a5666c61677380"
      + "a3756964" + "b0" + "62343263356538313063376435373235"
      + "a36e7370" + "a12f";

  /** The emitter's row 3, verbatim (98 bytes): keys type, data{packet{type,data,nsp},opts{rooms,flags,except}}, uid. */
  static final String EMITTER_ROW_3 = "83a47479706503a46461746182a67061636b657483a47479706502a46461746192ae66726f6d456d697474657242696ec4020909a36e7370a12fa46f70747383a5726f6f6d7390a5666c61677380a665786365707490a3756964a7656d6974746572";

  /** The row-1 prefix as printed in the reference ({@code io.emit("big", "x".repeat(9000))}), up to the str16 header. */
  static final String ROW_1_PREFIX = "84a47479706503a46461746182a67061636b657482a47479706502a46461746192a3626967da2328";

  @Test
  void row2DecodesToTheDocumentedMessageWithRealBinary() throws IOException {
    Envelope e = EnvelopeCodec.fromMessagePack(HEX.parseHex(ROW_2));

    assertThat(HEX.parseHex(ROW_2)).hasSize(102);
    assertThat(e.type()).isEqualTo(3);
    assertThat(e.uid()).isEqualTo("b42c5e810c7d5725");
    assertThat(e.nsp()).isEqualTo("/");
    assertThat(e.data().at("/packet/data/0").textValue()).isEqualTo("bin");
    assertThat(e.data().at("/packet/data/1").isBinary()).isTrue();
    assertThat(e.data().at("/packet/data/1").binaryValue()).containsExactly(1, 2, 3, 4);
    assertThat(e.data().at("/packet/data/2").textValue()).isEqualTo("txt");
    assertThat(e.data().at("/opts").toString()).isEqualTo("{\"rooms\":[],\"except\":[],\"flags\":{}}");
  }

  @Test
  void row2EncodesBackByteForByte() throws IOException {
    Envelope e = EnvelopeCodec.fromMessagePack(HEX.parseHex(ROW_2));

    assertThat(HEX.formatHex(EnvelopeCodec.toMessagePack(e))).isEqualTo(ROW_2);
  }

  @Test
  void row2IsWhatJavaWritesForTheSameBroadcastBuiltFromScratch() throws IOException {
    JsonNode data = JSON.readTree("{\"packet\":{\"type\":2,\"data\":[\"bin\",null,\"txt\"]},\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}}}");
    ((ArrayNode) data.at("/packet/data")).set(1, JSON.getNodeFactory().binaryNode(new byte[] {1, 2, 3, 4}));

    byte[] row = EnvelopeCodec.toMessagePack(new Envelope(3, data, "b42c5e810c7d5725", "/", -1));

    assertThat(HEX.formatHex(row)).isEqualTo(ROW_2);
  }

  @Test
  void theEmitterRowDecodesWithoutNspAndEncodesBackByteForByte() throws IOException {
    Envelope e = EnvelopeCodec.fromMessagePack(HEX.parseHex(EMITTER_ROW_3));

    assertThat(e.uid()).isEqualTo("emitter");
    assertThat(e.nsp()).isNull();
    assertThat(e.data().at("/packet/nsp").textValue()).isEqualTo("/");
    assertThat(e.data().at("/packet/data/1").binaryValue()).containsExactly(9, 9);
    assertThat(HEX.formatHex(EnvelopeCodec.toMessagePack(e))).isEqualTo(EMITTER_ROW_3);
  }

  @Test
  void theNineThousandCharacterRowIsRebuiltFromItsDocumentedPartsInBothDirections() throws IOException {
    // The reference prints row 1's prefix, says "x" * 9000 follows, then opts/uid/nsp, 9095 bytes in all;
    // the tail is the same opts/uid/nsp as row 2, whose bytes are given in full.
    ByteArrayOutputStream row = new ByteArrayOutputStream();
    row.writeBytes(HEX.parseHex(ROW_1_PREFIX));
    row.writeBytes("x".repeat(9000).getBytes(StandardCharsets.US_ASCII));
    row.writeBytes(HEX.parseHex(ROW_2.substring(ROW_2.indexOf("a46f70747383"))));
    byte[] bytes = row.toByteArray();
    assertThat(bytes).hasSize(9095);

    Envelope e = EnvelopeCodec.fromMessagePack(bytes);

    assertThat(e.data().at("/packet/data/0").textValue()).isEqualTo("big");
    assertThat(e.data().at("/packet/data/1").textValue()).hasSize(9000).matches("x+");
    assertThat(EnvelopeCodec.toMessagePack(e)).isEqualTo(bytes);
  }

  @Test
  void theScalarListDecodesWithTheDateAsTheIsoStringJavaScriptWouldPutInJson() throws IOException {
    // ["d", new Date(0), 1.5, undefined, -1, 300, null] as @msgpack/msgpack 2.8 encodes it.
    byte[] bytes = HEX.parseHex("97a164d6ff00000000cb3ff8000000000000c0ffcd012cc0");

    JsonNode list = MessagePack.decode(bytes);

    assertThat(JavaScriptJson.stringify(list)).isEqualTo("[\"d\",\"1970-01-01T00:00:00.000Z\",1.5,null,-1,300,null]");
  }

  @Test
  void theScalarListEncodesBackByteForByteExceptTheDateWhichJsonTreesCannotHold() throws IOException {
    // Decode → encode cannot give d6ff… back: a Jackson tree has no Date, the timestamp became text. So this
    // covers the other direction on the representable elements: every one of them is byte-identical, and the
    // Date slot holds the ISO string (str8) instead; undefined and null are both nil, as in JavaScript.
    byte[] encoded = MessagePack.encode(MessagePack.decode(HEX.parseHex("97a164d6ff00000000cb3ff8000000000000c0ffcd012cc0")));

    assertThat(HEX.formatHex(encoded)).isEqualTo("97" + "a164" + "b8" + HEX.formatHex("1970-01-01T00:00:00.000Z".getBytes(StandardCharsets.US_ASCII))
        + "cb3ff8000000000000" + "c0" + "ff" + "cd012c" + "c0");
  }

  @Test
  void numbersUseTheSmallestFormatAsJavaScriptDoes() throws IOException {
    JsonNode numbers = JSON.readTree("[0,127,128,255,256,65535,65536,4294967295,4294967296,-1,-32,-33,-128,-129,-32768,-32769,-2147483648,-2147483649,2.0,1.5]");

    assertThat(HEX.formatHex(MessagePack.encode(numbers))).isEqualTo("dc0014"
        + "00" + "7f" + "cc80" + "ccff" + "cd0100" + "cdffff" + "ce00010000" + "ceffffffff" + "cf0000000100000000"
        + "ff" + "e0" + "d0df" + "d080" + "d1ff7f" + "d18000" + "d2ffff7fff" + "d280000000" + "d3ffffffff7fffffff"
        + "02" + "cb3ff8000000000000");
  }

  @Test
  void stringsUseStr8FromThirtyTwoBytes() {
    assertThat(HEX.formatHex(MessagePack.encode(JSON.getNodeFactory().textNode("a".repeat(31))))).startsWith("bf61");
    assertThat(HEX.formatHex(MessagePack.encode(JSON.getNodeFactory().textNode("a".repeat(32))))).startsWith("d92061");
  }

  @Test
  void aRowDeclaringMoreBytesThanItHasIsRejectedWithoutAllocatingThem() {
    assertThatThrownBy(() -> MessagePack.decode(HEX.parseHex("c6ffffffff00"))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> MessagePack.decode(HEX.parseHex("ddffffffff"))).isInstanceOf(IOException.class);
  }

  @Test
  void trailingBytesAfterTheValueAreRejected() {
    assertThatThrownBy(() -> MessagePack.decode(HEX.parseHex("c0c0"))).isInstanceOf(IOException.class);
  }
}
