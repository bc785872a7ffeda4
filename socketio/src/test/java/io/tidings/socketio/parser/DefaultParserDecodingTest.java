package io.tidings.socketio.parser;

import static io.tidings.socketio.parser.Trees.array;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the default parser accepts and refuses, and why, case by case; each case and each error text was
 * checked against socket.io-parser 4.2.7 in Node 20.
 */
class DefaultParserDecodingTest {

  private final PacketDecoder decoder = new DefaultParser().newDecoder();

  @Test
  void aDigitAboveSixIsAnUnknownPacketType() {
    assertRefused("8", "unknown packet type 8");
  }

  @Test
  void aLetterIsAnUnknownPacketTypeNaN() {
    assertRefused("x", "unknown packet type NaN");
  }

  @Test
  void aWhitespaceTypeIsAConnectBecauseNumberOfWhitespaceIsZero() throws PacketFormatException {
    assertThat(decoder.decode(" /admin,")).isEqualTo(new Packet(PacketType.CONNECT, "/admin", null, null));
    assertThat(new DefaultParser().newDecoder().decode("\t")).isEqualTo(new Packet(PacketType.CONNECT, "/", null, null));
  }

  @Test
  void aMessageWithoutDataIsRefusedAsNodesDecoderThrowsOnIt() {
    assertRefused("", "message without data");
  }

  @Test
  void anEventNeedsANameFirst() {
    assertRefused("2[]", "invalid payload");
    assertRefused("2{}", "invalid payload");
  }

  @Test
  void anEventMayBeNamedByANumber() throws PacketFormatException {
    assertThat(decoder.decode("2[1,2]")).isEqualTo(Packet.event("/", array("[1,2]")));
  }

  @Test
  void anEventMayNotUseAReservedName() {
    for (String reserved : List.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener")) {
      assertRefused("2[\"" + reserved + "\",1]", "invalid payload");
    }
  }

  @Test
  void anAckMayBeEmptyButMustBeAnArray() throws PacketFormatException {
    assertThat(decoder.decode("3[]")).isEqualTo(new Packet(PacketType.ACK, "/", array("[]"), null));
    assertRefused("3{}", "invalid payload");
  }

  @Test
  void aConnectTakesOnlyAnObject() {
    assertRefused("0[]", "invalid payload");
    assertRefused("0\"s\"", "invalid payload");
  }

  @Test
  void aDisconnectTakesNoData() {
    assertRefused("1{}", "invalid payload");
  }

  @Test
  void aConnectErrorTakesAStringOrAnObject() throws PacketFormatException {
    assertThat(decoder.decode("4\"oops\"").data().textValue()).isEqualTo("oops");
    assertRefused("4[]", "invalid payload");
  }

  @Test
  void malformedJsonIsAnInvalidPayload() {
    assertRefused("2[\"a\"] x", "invalid payload");
    assertRefused("2[\"a\",]", "invalid payload");
    assertRefused("2[\"a\"", "invalid payload");
    assertRefused("2['a']", "invalid payload");
    assertRefused("2[\"a\",NaN]", "invalid payload");
  }

  @Test
  void jsonWhitespaceAroundTheDataIsAllowed() throws PacketFormatException {
    assertThat(decoder.decode("2[\"a\"]\n")).isEqualTo(Packet.event("/", array("[\"a\"]")));
  }

  @Test
  void aNamespaceWithoutCommaRunsToTheEndAndLeavesNoData() throws PacketFormatException {
    assertThat(decoder.decode("2/admin")).isEqualTo(new Packet(PacketType.EVENT, "/admin", null, null));
  }

  @Test
  void whitespaceAfterTheNamespaceIsAnIdOfZero() throws PacketFormatException {
    assertThat(decoder.decode("2/admin, [\"a\"]")).isEqualTo(Packet.event("/admin", array("[\"a\"]"), 0));
  }

  @Test
  void anIdIsReadWithNumberSoWhitespaceAroundItAndLeadingZerosDoNotMatter() throws PacketFormatException {
    assertThat(decoder.decode("2 7 [\"a\"]")).isEqualTo(Packet.event("/", array("[\"a\"]"), 7));
    assertThat(decoder.decode("2007[\"a\"]")).isEqualTo(Packet.event("/", array("[\"a\"]"), 7));
  }

  @Test
  void anIdThatIsNoSafeIntegerIsRefusedWhereNodeWouldAnswerAnAckWithNaN() {
    assertRefused("21 2[\"a\"]", "invalid packet id");
    assertRefused("299999999999999999999[\"a\"]", "invalid packet id");
  }

  @Test
  void theLargestSafeIntegerIsAnId() throws PacketFormatException {
    assertThat(decoder.decode("29007199254740991[\"a\"]").id()).isEqualTo(9007199254740991L);
  }

  @Test
  void aBinaryPacketMustCountItsAttachmentsBeforeADash() {
    assertRefused("5-[\"a\"]", "Illegal attachments");
    assertRefused("51[\"a\"]", "Illegal attachments");
    assertRefused("5x-[\"a\"]", "Illegal attachments");
    assertRefused("51.5-[\"a\"]", "Illegal attachments");
    assertRefused("5Infinity-[\"a\"]", "Illegal attachments");
  }

  @Test
  void aBinaryPacketWithoutAttachmentsIsRefusedSinceSocketIoParser427() {
    assertRefused("50-[\"a\"]", "Illegal attachments");
  }

  @Test
  void moreThanTenAttachmentsAreTooMany() {
    assertRefused("511-[\"a\"]", "too many attachments");
    assertRefused("599999999999-[\"a\"]", "too many attachments");
  }

  @Test
  void theAttachmentLimitIsTheParsers() throws PacketFormatException {
    PacketDecoder generous = new DefaultParser(11).newDecoder();

    assertThat(generous.decode("511-[\"a\"]")).isNull();
  }

  @Test
  void theAttachmentCountIsReadWithNumberSoHexAndExponentsCount() throws PacketFormatException {
    assertThat(decoder.decode("50x2-[\"a\",{\"_placeholder\":true,\"num\":1}]")).isNull();
    assertThat(decoder.decode(new byte[] {1})).isNull();
    assertThat(decoder.decode(new byte[] {2})).isEqualTo(Packet.event("/", array("[\"a\"]").add(BinaryNode.valueOf(new byte[] {2}))));
    assertThat(new DefaultParser().newDecoder().decode("51e1-[\"a\"]")).isNull();
    assertThat(new DefaultParser().newDecoder().decode("5 1 -[\"a\"]")).isNull();
  }

  @Test
  void aPlaceholderMustNameAnAttachmentThatCame() throws PacketFormatException {
    decoder.decode("51-[\"a\",{\"_placeholder\":true,\"num\":1}]");

    assertThatThrownBy(() -> decoder.decode(new byte[] {1})).isInstanceOf(PacketFormatException.class)
        .hasMessage("illegal attachments");
  }

  @Test
  void aPlaceholderNumberMustBeANumber() throws PacketFormatException {
    decoder.decode("51-[\"a\",{\"_placeholder\":true,\"num\":\"0\"}]");

    assertThatThrownBy(() -> decoder.decode(new byte[] {1})).hasMessage("illegal attachments");
  }

  @Test
  void onlyAPlaceholderFlagOfTrueIsAPlaceholder() throws PacketFormatException {
    decoder.decode("51-[\"a\",{\"_placeholder\":\"true\",\"num\":0}]");

    assertThat(decoder.decode(new byte[] {1}).data().get(1)).isEqualTo(Trees.json("{\"_placeholder\":\"true\",\"num\":0}"));
  }

  @Test
  void aFractionalPlaceholderNumberGivesUndefinedAsInJavaScript() throws PacketFormatException {
    decoder.decode("51-[\"a\",[{\"_placeholder\":true,\"num\":0.5}]]");

    assertThat(decoder.decode(new byte[] {1}).data().get(1).get(0)).isSameAs(MissingNode.getInstance());
  }

  @Test
  void aPlaceholderInsideAnObjectOfABinaryAckIsReplaced() throws PacketFormatException {
    decoder.decode("61-3[{\"k\":{\"_placeholder\":true,\"num\":0}}]");

    Packet ack = decoder.decode(new byte[] {(byte) 0xff});
    assertThat(ack.type()).isEqualTo(PacketType.ACK);
    assertThat(ack.id()).isEqualTo(3L);
    assertThat(ack.data().at("/0/k")).isEqualTo(BinaryNode.valueOf(new byte[] {(byte) 0xff}));
  }

  @Test
  void aPlaceholderInAPlainEventIsJustAnObject() throws PacketFormatException {
    assertThat(decoder.decode("2[\"a\",{\"_placeholder\":true,\"num\":0}]").data().get(1).isObject()).isTrue();
  }

  @Test
  void textWhileAttachmentsAreAwaitedIsRefused() throws PacketFormatException {
    decoder.decode("51-[\"a\"]");

    assertThatThrownBy(() -> decoder.decode("2[\"b\"]")).isInstanceOf(PacketFormatException.class)
        .hasMessage("got plaintext data when reconstructing a packet");
  }

  @Test
  void binaryWithoutAnnouncementIsRefused() {
    assertThatThrownBy(() -> decoder.decode(new byte[] {1})).hasMessage("got binary data when not reconstructing a packet");
  }

  @Test
  void objectKeysAreOrderedAsJavaScriptOrdersThem() throws PacketFormatException {
    JsonNode data = decoder.decode("2[\"e\",{\"b\":1,\"2\":2,\"a\":3,\"1\":4,\"b\":5,\"01\":6}]").data().get(1);

    List<String> keys = new ArrayList<>();
    data.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("1", "2", "b", "a", "01");
    assertThat(data.get("b").intValue()).isEqualTo(5);
  }

  @Test
  void numbersAreJavaScriptNumbers() throws PacketFormatException {
    JsonNode args = decoder.decode("2[\"e\",1.0,1e2,-0,12345678901234567890,1e400,0.5]").data();

    assertThat(args.get(1)).isEqualTo(IntNode.valueOf(1));
    assertThat(args.get(2)).isEqualTo(IntNode.valueOf(100));
    assertThat(args.get(3)).isEqualTo(IntNode.valueOf(0));
    assertThat(args.get(4)).isEqualTo(DoubleNode.valueOf(12345678901234567890d));
    assertThat(args.get(5)).isEqualTo(DoubleNode.valueOf(Double.POSITIVE_INFINITY));
    assertThat(args.get(6)).isEqualTo(DoubleNode.valueOf(0.5));
  }

  @Test
  void aNumberOfAThousandDigitsIsReadAsJavaScriptReadsIt() throws PacketFormatException {
    JsonNode args = decoder.decode("2[\"e\"," + "9".repeat(1000) + "]").data();

    assertThat(args.get(1).doubleValue()).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void nestingDeeperThanTheLimitIsRefused() throws PacketFormatException {
    int depth = JsonReader.MAX_DEPTH;
    assertThat(decoder.decode("2[\"e\"," + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "]")).isNotNull();

    assertRefused("2[\"e\"," + "[".repeat(depth) + "]".repeat(depth) + "]", "invalid payload");
  }

  @Test
  void nullIsAValueNotAbsence() throws PacketFormatException {
    assertThat(decoder.decode("3[null]").data().get(0)).isEqualTo(NullNode.getInstance());
  }

  private void assertRefused(String message, String reason) {
    assertThatThrownBy(() -> new DefaultParser().newDecoder().decode(message))
        .isInstanceOf(PacketFormatException.class).hasMessage(reason);
  }
}
