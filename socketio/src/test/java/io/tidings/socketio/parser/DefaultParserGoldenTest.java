package io.tidings.socketio.parser;

import static io.tidings.socketio.parser.Trees.array;
import static io.tidings.socketio.parser.Trees.frames;
import static io.tidings.socketio.parser.Trees.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import org.junit.jupiter.api.Test;

/**
 * The examples of the Socket.IO v5 specification ({@code socketio/socket.io-protocol} Readme, "Examples"
 * and "Sample session") and frames captured between Node's socket.io 4.8.4 and socket.io-client 4.8.4 over
 * WebSocket, both ways. A frame is written with the Engine.IO message type in front ({@code 4}).
 */
class DefaultParserGoldenTest {

  private final DefaultParser parser = new DefaultParser();

  @Test
  void anEventOnTheMainNamespaceIs42HeyJude() throws PacketFormatException {
    Packet hey = Packet.event("/", array("""
        ["hey","Jude"]"""));

    assertThat(frames(parser.encode(hey))).containsExactly("""
        42["hey","Jude"]""");
    assertThat(parser.newDecoder().decode("""
        2["hey","Jude"]""")).isEqualTo(hey);
  }

  @Test
  void anEventOnACustomNamespaceNamesItBeforeAComma() throws PacketFormatException {
    Packet bar = Packet.event("/admin", array("""
        ["bar"]"""));

    assertThat(frames(parser.encode(bar))).containsExactly("""
        42/admin,["bar"]""");
    assertThat(parser.newDecoder().decode("""
        2/admin,["bar"]""")).isEqualTo(bar);
  }

  @Test
  void anEventAskingForAnAcknowledgementCarriesItsIdBeforeTheData() throws PacketFormatException {
    Packet foo = Packet.event("/", array("""
        ["foo"]"""), 12);

    assertThat(frames(parser.encode(foo))).containsExactly("""
        4212["foo"]""");
    assertThat(parser.newDecoder().decode("""
        212["foo"]""")).isEqualTo(foo);
  }

  @Test
  void anAckOnACustomNamespaceHasNamespaceIdAndData() throws PacketFormatException {
    Packet ack = Packet.ack("/admin", array("""
        ["bar"]"""), 13);

    assertThat(frames(parser.encode(ack))).containsExactly("""
        43/admin,13["bar"]""");
    assertThat(parser.newDecoder().decode("""
        3/admin,13["bar"]""")).isEqualTo(ack);
  }

  @Test
  void anEventWithABufferTravelsAsABinaryEventWithAPlaceholderAndAnAttachment() throws PacketFormatException {
    Packet baz = Packet.event("/", eventWith("baz", new byte[] {1, 2, 3, 4}));

    assertThat(frames(parser.encode(baz))).containsExactly("""
        451-["baz",{"_placeholder":true,"num":0}]""", "<01020304>");

    PacketDecoder decoder = parser.newDecoder();
    assertThat(decoder.decode("""
        51-["baz",{"_placeholder":true,"num":0}]""")).isNull();
    assertThat(decoder.decode(new byte[] {1, 2, 3, 4})).isEqualTo(baz);
  }

  @Test
  void twoBuffersOnACustomNamespaceAreNumberedInOrder() throws PacketFormatException {
    Packet baz = Packet.event("/admin", eventWith("baz", new byte[] {1, 2}, new byte[] {3, 4}));

    assertThat(frames(parser.encode(baz))).containsExactly("""
        452-/admin,["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]""", "<0102>", "<0304>");

    PacketDecoder decoder = parser.newDecoder();
    assertThat(decoder.decode("""
        52-/admin,["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]""")).isNull();
    assertThat(decoder.decode(new byte[] {1, 2})).isNull();
    assertThat(decoder.decode(new byte[] {3, 4})).isEqualTo(baz);
  }

  @Test
  void anAckWithABufferTravelsAsABinaryAck() throws PacketFormatException {
    Packet ack = Packet.ack("/", eventWith("bar", new byte[] {1, 2, 3, 4}), 15);

    assertThat(frames(parser.encode(ack))).containsExactly("""
        461-15["bar",{"_placeholder":true,"num":0}]""", "<01020304>");

    PacketDecoder decoder = parser.newDecoder();
    assertThat(decoder.decode("""
        61-15["bar",{"_placeholder":true,"num":0}]""")).isNull();
    assertThat(decoder.decode(new byte[] {1, 2, 3, 4})).isEqualTo(ack);
  }

  @Test
  void theSampleSessionsBinaryAckOnTheAdminNamespace() throws PacketFormatException {
    ArrayNode args = Trees.JSON.createArrayNode().add(BinaryNode.valueOf(new byte[] {7}));

    assertThat(frames(parser.encode(Packet.ack("/admin", args, 1)))).containsExactly("""
        461-/admin,1[{"_placeholder":true,"num":0}]""", "<07>");
  }

  @Test
  void connectingToTheMainNamespaceIsAZero() throws PacketFormatException {
    Packet connect = new Packet(PacketType.CONNECT, "/", null, null);

    assertThat(frames(parser.encode(connect))).containsExactly("40");
    assertThat(parser.newDecoder().decode("0")).isEqualTo(connect);
  }

  @Test
  void theConnectReplyOnACustomNamespaceCarriesTheSid() throws PacketFormatException {
    Packet reply = new Packet(PacketType.CONNECT, "/admin", json("""
        {"sid":"oSO0OpakMV_3jnilAAAA"}"""), null);

    assertThat(frames(parser.encode(reply))).containsExactly("""
        40/admin,{"sid":"oSO0OpakMV_3jnilAAAA"}""");
    assertThat(parser.newDecoder().decode("""
        0/admin,{"sid":"oSO0OpakMV_3jnilAAAA"}""")).isEqualTo(reply);
  }

  @Test
  void aRefusedConnectionIsAConnectErrorWithAMessage() throws PacketFormatException {
    Packet refused = new Packet(PacketType.CONNECT_ERROR, "/", json("""
        {"message":"Not authorized"}"""), null);

    assertThat(frames(parser.encode(refused))).containsExactly("""
        44{"message":"Not authorized"}""");
    assertThat(parser.newDecoder().decode("""
        4{"message":"Not authorized"}""")).isEqualTo(refused);
  }

  @Test
  void disconnectingFromACustomNamespaceEndsWithTheComma() throws PacketFormatException {
    Packet leave = new Packet(PacketType.DISCONNECT, "/admin", null, null);

    assertThat(frames(parser.encode(leave))).containsExactly("41/admin,");
    assertThat(parser.newDecoder().decode("1/admin,")).isEqualTo(leave);
    assertThat(parser.newDecoder().decode("1")).isEqualTo(new Packet(PacketType.DISCONNECT, "/", null, null));
  }

  // Captured from Node: socket.io 4.8.4 server, socket.io-client 4.8.4, default parser, WebSocket.

  @Test
  void theClientsConnectWithAuthDecodes() throws PacketFormatException {
    assertThat(parser.newDecoder().decode("""
        0{"token":"abc"}""")).isEqualTo(new Packet(PacketType.CONNECT, "/", json("""
        {"token":"abc"}"""), null));
  }

  @Test
  void theServersConnectReplyIsWhatNodeSent() {
    Packet reply = new Packet(PacketType.CONNECT, "/", json("""
        {"sid":"QbR5AIf-Z0giynFYAAAA"}"""), null);

    assertThat(frames(parser.encode(reply))).containsExactly("""
        40{"sid":"QbR5AIf-Z0giynFYAAAA"}""");
  }

  @Test
  void theServersEmitWithAnAcknowledgementIsWhatNodeSent() {
    assertThat(frames(parser.encode(Packet.event("/", array("""
        ["ask",1]"""), 0)))).containsExactly("""
        420["ask",1]""");
  }

  @Test
  void theClientsAnswerToTheServersEmitDecodesToAnAck() throws PacketFormatException {
    assertThat(parser.newDecoder().decode("""
        30["ok"]""")).isEqualTo(Packet.ack("/", array("""
        ["ok"]"""), 0));
  }

  @Test
  void theClientsEmitWithAnAcknowledgementDecodesAndTheServersAnswerIsWhatNodeSent() throws PacketFormatException {
    assertThat(parser.newDecoder().decode("""
        20["chat",{"text":"hi"}]""")).isEqualTo(Packet.event("/", array("""
        ["chat",{"text":"hi"}]"""), 0));
    assertThat(frames(parser.encode(Packet.ack("/", array("""
        ["got",{"len":2}]"""), 0)))).containsExactly("""
        430["got",{"len":2}]""");
  }

  @Test
  void theRefusalOfTheAdminNamespaceIsWhatNodeSent() throws PacketFormatException {
    assertThat(parser.newDecoder().decode("0/admin,")).isEqualTo(new Packet(PacketType.CONNECT, "/admin", null, null));
    assertThat(frames(parser.encode(new Packet(PacketType.CONNECT_ERROR, "/admin", json("""
        {"message":"Not authorized"}"""), null)))).containsExactly("""
        44/admin,{"message":"Not authorized"}""");
  }

  @Test
  void theServersDisconnectIsWhatNodeSent() {
    assertThat(frames(parser.encode(new Packet(PacketType.DISCONNECT, "/", null, null)))).containsExactly("41");
  }

  private static ArrayNode eventWith(String name, byte[]... buffers) {
    ArrayNode args = Trees.JSON.createArrayNode().add(name);
    for (byte[] b : buffers) {
      args.add(BinaryNode.valueOf(b));
    }
    return args;
  }
}
