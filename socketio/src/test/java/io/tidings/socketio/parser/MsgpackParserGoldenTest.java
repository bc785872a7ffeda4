package io.tidings.socketio.parser;

import static io.tidings.socketio.parser.Trees.HEX;
import static io.tidings.socketio.parser.Trees.array;
import static io.tidings.socketio.parser.Trees.frames;
import static io.tidings.socketio.parser.Trees.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * Binary frames captured between Node's socket.io 4.8.4 and socket.io-client 4.8.4, both with
 * socket.io-msgpack-parser 3.0.2 (notepack.io 2.2.0), over WebSocket: what the client sent decodes, and
 * what the server sent is what this parser writes for the same packet, byte for byte. The last case was
 * written by {@code notepack.encode()} itself in Node 20.
 */
class MsgpackParserGoldenTest {

  private final MsgpackParser parser = new MsgpackParser();

  // Client to server.

  @Test
  void theClientsConnectWithAuthDecodes() throws PacketFormatException {
    assertThat(decode("83a47479706500a46461746181a5746f6b656ea3616263a36e7370a12f"))
        .isEqualTo(new Packet(PacketType.CONNECT, "/", json("{\"token\":\"abc\"}"), null));
  }

  @Test
  void theClientsConnectWithoutAuthCarriesUndefinedDataWhichIsNoData() throws PacketFormatException {
    assertThat(decode("83a47479706500a464617461d40000a36e7370a62f61646d696e"))
        .isEqualTo(new Packet(PacketType.CONNECT, "/admin", null, null));
  }

  @Test
  void theClientsEmitWithAnAcknowledgementDecodesAndItsOptionsAreIgnored() throws PacketFormatException {
    assertThat(decode("85a47479706502a46461746192a46368617481a474657874a26869a76f7074696f6e7381a8636f6d7072657373c3a2696400a36e7370a12f"))
        .isEqualTo(Packet.event("/", array("[\"chat\",{\"text\":\"hi\"}]"), 0));
  }

  @Test
  void theClientsAckDecodes() throws PacketFormatException {
    assertThat(decode("84a47479706503a2696400a46461746191a26f6ba36e7370a12f"))
        .isEqualTo(Packet.ack("/", array("[\"ok\"]"), 0));
  }

  // Server to client.

  @Test
  void theConnectReplyCarriesSidAndAnUndefinedPid() {
    ObjectNode data = Trees.JSON.createObjectNode().put("sid", "RsblWxgoZEISU9KFAAAA");
    data.set("pid", MissingNode.getInstance());

    assertThat(encode(new Packet(PacketType.CONNECT, "/", data, null))).isEqualTo(
        "83a47479706500a46461746182a3736964b45273626c5778676f5a45495355394b4641414141a3706964d40000a36e7370a12f");
  }

  @Test
  void anEmitIsTypeDataNsp() {
    assertThat(encode(Packet.event("/", array("[\"hey\",\"Jude\"]"))))
        .isEqualTo("83a47479706502a46461746192a3686579a44a756465a36e7370a12f");
  }

  @Test
  void aBufferTravelsInlineAsBin() {
    ArrayNode args = array("[\"bin\"]").add(BinaryNode.valueOf(new byte[] {1, 2, 3, 4}));

    assertThat(encode(Packet.event("/", args))).isEqualTo("83a47479706502a46461746192a362696ec40401020304a36e7370a12f");
  }

  @Test
  void anEmitWithAnAcknowledgementPutsTheIdBeforeTheNamespace() {
    assertThat(encode(Packet.event("/", array("[\"ask\",1]"), 0)))
        .isEqualTo("84a47479706502a46461746192a361736b01a2696400a36e7370a12f");
  }

  @Test
  void anAckPutsTheIdFirst() {
    assertThat(encode(Packet.ack("/", array("[\"got\",{\"len\":2}]"), 0)))
        .isEqualTo("84a2696400a47479706503a46461746192a3676f7481a36c656e02a36e7370a12f");
  }

  @Test
  void aRefusalCarriesTheMessageAndAnUndefinedData() {
    ObjectNode data = Trees.JSON.createObjectNode().put("message", "Not authorized");
    data.set("data", MissingNode.getInstance());

    assertThat(encode(new Packet(PacketType.CONNECT_ERROR, "/admin", data, null))).isEqualTo(
        "83a47479706504a46461746182a76d657373616765ae4e6f7420617574686f72697a6564a464617461d40000a36e7370a62f61646d696e");
  }

  @Test
  void aDisconnectIsTypeAndNsp() {
    assertThat(encode(new Packet(PacketType.DISCONNECT, "/", null, null))).isEqualTo("82a47479706501a36e7370a12f");
  }

  @Test
  void everyKindOfValueIsWrittenAsNotepackWritesIt() {
    // notepack.encode({type: 2, data: ["chat", {text: "hi", n: 1.5, big: 2 ** 53 + 2, none: undefined,
    //   bin: Buffer.from([9, 9]), list: [null, true, false]}], nsp: "/"})
    ObjectNode fields = Trees.JSON.createObjectNode().put("text", "hi").put("n", 1.5);
    fields.set("big", DoubleNode.valueOf(0x1p53 + 2));
    fields.set("none", MissingNode.getInstance());
    fields.set("bin", BinaryNode.valueOf(new byte[] {9, 9}));
    fields.set("list", Trees.JSON.createArrayNode().add(NullNode.getInstance()).add(true).add(false));

    assertThat(encode(Packet.event("/", array("[\"chat\"]").add(fields)))).isEqualTo("83a47479706502a46461746192a463686174"
        + "86a474657874a26869a16ecb3ff8000000000000a3626967cf0020000000000002a46e6f6e65d40000a362696ec4020909"
        + "a46c69737493c0c3c2a36e7370a12f");
  }

  @Test
  void aPacketIsOneBinaryMessage() {
    assertThat(frames(parser.encode(Packet.event("/", array("[\"e\"]"))))).singleElement().asString().startsWith("<");
  }

  private Packet decode(String hex) throws PacketFormatException {
    return parser.newDecoder().decode(HEX.parseHex(hex));
  }

  private String encode(Packet p) {
    return HEX.formatHex(parser.encode(p).get(0).webSocketPayload());
  }
}
