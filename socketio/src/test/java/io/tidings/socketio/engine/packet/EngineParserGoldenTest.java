package io.tidings.socketio.engine.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples of the Engine.IO v4 specification ({@code socketio/engine.io-protocol} README, "Packet
 * encoding" and "Handshake") and the open packet Node's engine.io 6.6 sent to a polling handshake, both ways.
 */
class EngineParserGoldenTest {

  /** The specification's long-polling example: message, ping, message. */
  static final String HELLO_PING_WORLD = "4hello\u001e2\u001e4world";

  /** The specification's example of a binary packet in a payload: {@code <01 02 03 04>} in base64. */
  static final String HELLO_AND_BINARY = "4hello\u001ebAQIDBA==";

  /** What Node's engine.io 6.6.13 answered to {@code GET /socket.io/?EIO=4&transport=polling} at its defaults. */
  static final String NODE_OPEN_PACKET = """
      0{"sid":"g225e6pwyxhysi32AAAA","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}""";

  @Test
  void aPayloadOfMessagePingMessageDecodesToThreePackets() throws EngineParseException {
    assertThat(decode(HELLO_PING_WORLD)).containsExactly(
        EnginePacket.message("hello"), EnginePacket.of(EnginePacketType.PING), EnginePacket.message("world"));
  }

  @Test
  void messagePingMessageEncodeToTheSpecificationsPayload() {
    byte[] payload = EngineParser.encodePayload(List.of(
        EncodedPacket.message("hello"), EncodedPacket.text(EnginePacketType.PING, ""), EncodedPacket.message("world")));

    assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(HELLO_PING_WORLD);
  }

  @Test
  void aBase64PacketInAPayloadDecodesToABinaryMessage() throws EngineParseException {
    assertThat(decode(HELLO_AND_BINARY))
        .containsExactly(EnginePacket.message("hello"), EnginePacket.message(new byte[] {1, 2, 3, 4}));
  }

  @Test
  void aBinaryMessageEncodesIntoAPayloadAsBFollowedByBase64() {
    byte[] payload = EngineParser.encodePayload(
        List.of(EncodedPacket.message("hello"), EncodedPacket.message(new byte[] {1, 2, 3, 4})));

    assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(HELLO_AND_BINARY);
  }

  @Test
  void aWebSocketTextFrameIsTheTypeDigitAndTheData() {
    assertThat(new String(EncodedPacket.message("hello").webSocketPayload(), StandardCharsets.UTF_8)).isEqualTo("4hello");
    assertThat(new String(EncodedPacket.text(EnginePacketType.PONG, "probe").webSocketPayload(), StandardCharsets.UTF_8))
        .isEqualTo("3probe");
  }

  @Test
  void aWebSocketBinaryFrameCarriesTheBytesAsTheyAre() {
    EncodedPacket binary = EncodedPacket.message(new byte[] {1, 2, 3, 4});

    assertThat(binary.isBinary()).isTrue();
    assertThat(HexFormat.of().formatHex(binary.webSocketPayload())).isEqualTo("01020304");
  }

  @Test
  void theUpgradeProbeDecodesToAPingWithProbe() throws EngineParseException {
    assertThat(EngineParser.decodePacket("2probe")).isEqualTo(new EnginePacket.Text(EnginePacketType.PING, "probe"));
    assertThat(EngineParser.decodePacket("5")).isEqualTo(EnginePacket.of(EnginePacketType.UPGRADE));
  }

  @Test
  void theOpenPacketIsWrittenWithNodesKeysInNodesOrder() {
    OpenPacket open = new OpenPacket("g225e6pwyxhysi32AAAA", List.of("websocket"), 25_000, 20_000, 1_000_000);

    assertThat(new String(open.encode().webSocketPayload(), StandardCharsets.UTF_8)).isEqualTo(NODE_OPEN_PACKET);
  }

  @Test
  void theOpenPacketOfAWebSocketSessionOffersNoUpgrade() {
    OpenPacket open = new OpenPacket("lv_VI97HAXpY6yYWAAAC", List.of(), 25_000, 5_000, 1_000_000);

    assertThat(open.json()).isEqualTo("""
        {"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":[],"pingInterval":25000,"pingTimeout":5000,"maxPayload":1000000}""");
  }

  static List<EnginePacket> decode(String payload) throws EngineParseException {
    List<EnginePacket> packets = new ArrayList<>();
    EngineParser.decodePayload(payload, packets::add);
    return packets;
  }
}
