package io.tidings.socketio.parser;

import static io.tidings.socketio.parser.Trees.HEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the msgpack parser accepts and refuses, and what values it reads, case by case; every case was run
 * through socket.io-msgpack-parser 3.0.2's Decoder (notepack.io 2.2.0) in Node 20.
 */
class MsgpackParserDecodingTest {

  private final PacketDecoder decoder = new MsgpackParser().newDecoder();

  @Test
  void aTextMessageIsRefused() {
    assertThatThrownBy(() -> decoder.decode("2[\"a\"]")).isInstanceOf(PacketFormatException.class);
    assertThatThrownBy(() -> decoder.decode("")).isInstanceOf(PacketFormatException.class);
  }

  @Test
  void aValueOtherThanAMapHasNoPacketType() {
    assertRefused("93020102", "invalid packet type"); // [2, 1, 2]
    assertRefused("c0", "invalid packet type"); // null
  }

  @Test
  void theTypeMustBeAnIntegerFromZeroToFour() {
    assertRefused("82a474797065" + "05" + "a36e7370a12f", "invalid packet type");
    assertRefused("82a474797065" + "ff" + "a36e7370a12f", "invalid packet type");
    assertRefused("82a474797065" + "cb4004000000000000" + "a36e7370a12f", "invalid packet type"); // 2.5
    assertRefused("82a474797065" + "a132" + "a36e7370a12f", "invalid packet type"); // "2"
  }

  @Test
  void anIntegralFloatIsAType() throws PacketFormatException {
    // {type: 1.0 as float64, nsp: "/"}
    assertThat(decode("82a474797065cb3ff0000000000000a36e7370a12f")).isEqualTo(new Packet(PacketType.DISCONNECT, "/", null, null));
  }

  @Test
  void theNamespaceMustBeAString() {
    assertRefused("81a47479706501", "invalid namespace");
    assertRefused("82a47479706501a36e737001", "invalid namespace");
  }

  @Test
  void anyStringIsANamespace() throws PacketFormatException {
    assertThat(decode("82a47479706501a36e7370a0").nsp()).isEmpty();
  }

  @Test
  void anEventOrAckMustCarryAnArrayWhichMayBeEmpty() throws PacketFormatException {
    assertThat(decode("83a47479706502a46461746190a36e7370a12f").data()).isEqualTo(Trees.json("[]"));
    assertRefused("82a47479706502a36e7370a12f", "invalid payload");
    assertRefused("83a47479706503a46461746180a36e7370a12f", "invalid payload");
  }

  @Test
  void aReservedEventNameIsTheServersBusinessNotTheParsers() throws PacketFormatException {
    assertThat(decode("83a47479706502a46461746191a7636f6e6e656374a36e7370a12f").data().get(0).textValue()).isEqualTo("connect");
  }

  @Test
  void aDisconnectMustCarryNoDataButUndefinedIsNone() throws PacketFormatException {
    assertRefused("83a47479706501a464617461c0a36e7370a12f", "invalid payload");
    assertThat(decode("83a47479706501a464617461d40000a36e7370a12f").data()).isNull();
  }

  @Test
  void aConnectErrorCarriesAStringOrAnObject() throws PacketFormatException {
    assertThat(decode("83a47479706504a464617461a26e6fa36e7370a12f").data()).isEqualTo(TextNode.valueOf("no"));
    assertRefused("83a47479706504a46461746190a36e7370a12f", "invalid payload");
  }

  @Test
  void theIdMustBeAnInteger() throws PacketFormatException {
    assertRefused("84a47479706503a46461746190a36e7370a12fa26964cb3ff8000000000000", "invalid packet id"); // 1.5
    assertRefused("84a47479706503a46461746190a36e7370a12fa26964c0", "invalid packet id"); // null
    assertThat(decode("84a47479706503a46461746190a36e7370a12fa26964ff").id()).isEqualTo(-1L);
  }

  @Test
  void anIdThatIsNoSafeIntegerIsRefusedWhereNodeWouldRoundIt() {
    assertRefused("84a47479706503a46461746190a36e7370a12fa26964cf0020000000000001", "invalid packet id");
  }

  @Test
  void trailingBytesAreRefused() {
    assertRefused("82a47479706501a36e7370a12f00", "1 trailing bytes");
  }

  @Test
  void aTruncatedMessageIsRefused() {
    assertThatThrownBy(() -> decode("82a47479706501a36e7370a1")).isInstanceOf(PacketFormatException.class);
  }

  @Test
  void aDeclaredLengthBeyondTheMessageIsRefusedBeforeAnythingIsAllocated() {
    // ext 32 of type 0 (an ArrayBuffer to notepack) declaring 4 GiB, array 32 and map 32 declaring 4 billion entries
    assertThatThrownBy(() -> decode("81a464617461c9ffffffff00")).isInstanceOf(PacketFormatException.class);
    assertThatThrownBy(() -> decode("81a464617461ddfffffffe")).isInstanceOf(PacketFormatException.class);
    assertThatThrownBy(() -> decode("81a464617461dffffffffe")).isInstanceOf(PacketFormatException.class);
    assertThatThrownBy(() -> decode("81a464617461dbfffffffe")).isInstanceOf(PacketFormatException.class);
  }

  @Test
  void mapKeysBecomeStringsAsJavaScriptPropertyKeysAndAreOrderedAsJavaScriptOrdersThem() throws PacketFormatException {
    // Keys "b", 1, null, [1, null], true, 1.5, {}, bin "hi", "__proto__", "2", undefined, Date(0),
    // ArrayBuffer, ext 5, and "b" again; Node lists them as below and "__proto__" became the prototype.
    JsonNode data = connectDataOf("8fa162a361626301a161c0a16e9201c0a163c3a174cb3ff8000000000000a17880a16dc4026869a179"
        + "a95f5f70726f746f5f5f81a17001a132a17ad40000a175d7000000000000000000a144c7010007a141d40561a145a162a46c617374");

    List<String> keys = new ArrayList<>();
    data.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("1", "2", "b", "null", "1,", "true", "1.5", "[object Object]", "hi", "undefined",
        "Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)", "[object ArrayBuffer]", "5,a");
    assertThat(data.get("b").textValue()).isEqualTo("last");
  }

  @Test
  void undefinedIsAMissingNode() throws PacketFormatException {
    JsonNode data = dataOf("92d40000" + "01");

    assertThat(data.get(0)).isSameAs(MissingNode.getInstance());
  }

  @Test
  void aDateIsReadAsItsJson() throws PacketFormatException {
    assertThat(dataOf("91d7000000000000000000").get(0)).isEqualTo(TextNode.valueOf("1970-01-01T00:00:00.000Z"));
    assertThat(dataOf("91d700ffffffffffffffff").get(0)).isEqualTo(TextNode.valueOf("1969-12-31T23:59:59.999Z"));
    assertThat(dataOf("91d7007fffffffffffffff").get(0)).isEqualTo(NullNode.getInstance()); // an Invalid Date
  }

  @Test
  void anArrayBufferIsBinary() throws PacketFormatException {
    assertThat(dataOf("91c702000506").get(0)).isEqualTo(BinaryNode.valueOf(new byte[] {5, 6}));
  }

  @Test
  void anotherExtensionIsTheArrayOfItsTypeAndBytes() throws PacketFormatException {
    assertThat(dataOf("91d40505").get(0)).isEqualTo(Trees.JSON.createArrayNode().add(5).add(BinaryNode.valueOf(new byte[] {5})));
    assertThat(dataOf("91d500aabb").get(0)).isEqualTo(
        Trees.JSON.createArrayNode().add(0).add(BinaryNode.valueOf(new byte[] {(byte) 0xaa, (byte) 0xbb})));
  }

  @Test
  void numbersAreJavaScriptNumbers() throws PacketFormatException {
    JsonNode data = dataOf("95" + "cb4000000000000000" + "ca3fc00000" + "cf0020000000000001" + "d3ffffffffffffffff" + "cb8000000000000000");

    assertThat(data.get(0)).isEqualTo(IntNode.valueOf(2));
    assertThat(data.get(1)).isEqualTo(DoubleNode.valueOf(1.5));
    assertThat(data.get(2)).isEqualTo(DoubleNode.valueOf(0x1p53)); // 2^53 + 1 rounds to 2^53
    assertThat(data.get(3)).isEqualTo(IntNode.valueOf(-1));
    assertThat(data.get(4)).isEqualTo(IntNode.valueOf(0)); // -0
  }

  @Test
  void malformedUtf8IsReplacedAsNodeReplacesIt() throws PacketFormatException {
    assertThat(dataOf("91a3eda080").get(0).textValue()).isEqualTo("\ufffd\ufffd\ufffd");
  }

  private JsonNode connectDataOf(String mapHex) throws PacketFormatException {
    // {type: 0, data: <map>, nsp: "/"}
    return decode("83a47479706500a464617461" + mapHex + "a36e7370a12f").data();
  }

  private JsonNode dataOf(String valueHex) throws PacketFormatException {
    // {type: 3, data: <value>, nsp: "/"}
    return decode("83a47479706503a464617461" + valueHex + "a36e7370a12f").data();
  }

  private Packet decode(String hex) throws PacketFormatException {
    return decoder.decode(HEX.parseHex(hex));
  }

  private void assertRefused(String hex, String reason) {
    assertThatThrownBy(() -> decode(hex)).isInstanceOf(PacketFormatException.class).hasMessage(reason);
  }
}
