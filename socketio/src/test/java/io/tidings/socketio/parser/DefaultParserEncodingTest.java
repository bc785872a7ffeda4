package io.tidings.socketio.parser;

import static io.tidings.socketio.parser.Trees.array;
import static io.tidings.socketio.parser.Trees.frames;
import static io.tidings.socketio.parser.Trees.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.socketio.engine.packet.EncodedPacket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the default parser writes, each case compared with socket.io-parser 4.2.7's Encoder in Node 20. */
class DefaultParserEncodingTest {

  private final DefaultParser parser = new DefaultParser();

  @Test
  void binaryValuesAreNumberedDepthFirstInTheOrderJsonWritesThem() {
    ObjectNode nested = Trees.JSON.createObjectNode();
    nested.set("x", BinaryNode.valueOf(new byte[] {2}));
    nested.set("y", Trees.JSON.createArrayNode().add(BinaryNode.valueOf(new byte[] {3})));
    ArrayNode args = array("[\"e\"]").add(BinaryNode.valueOf(new byte[] {1})).add(nested).add(BinaryNode.valueOf(new byte[] {4}));

    assertThat(frames(parser.encode(Packet.event("/", args)))).containsExactly(
        "454-[\"e\",{\"_placeholder\":true,\"num\":0},{\"x\":{\"_placeholder\":true,\"num\":1},"
            + "\"y\":[{\"_placeholder\":true,\"num\":2}]},{\"_placeholder\":true,\"num\":3}]",
        "<01>", "<02>", "<03>", "<04>");
  }

  @Test
  void encodingLeavesThePacketsTreeAsItWas() {
    ArrayNode args = array("[\"e\"]").add(BinaryNode.valueOf(new byte[] {1}));
    String before = args.toString();

    parser.encode(Packet.event("/", args));

    assertThat(args.toString()).isEqualTo(before);
    assertThat(args.get(1).isBinary()).isTrue();
  }

  @Test
  void anAttachmentIsTheBinaryValuesOwnArray() {
    byte[] bytes = {1, 2, 3};

    List<EncodedPacket> messages = parser.encode(Packet.event("/", array("[\"e\"]").add(BinaryNode.valueOf(bytes))));

    assertThat(messages.get(1).webSocketPayload()).isSameAs(bytes);
  }

  @Test
  void binaryInAConnectErrorIsWrittenAsNodeWritesABufferInJson() {
    ObjectNode data = Trees.JSON.createObjectNode().put("message", "no");
    data.set("data", BinaryNode.valueOf(new byte[] {1, 2}));

    assertThat(frames(parser.encode(new Packet(PacketType.CONNECT_ERROR, "/", data, null))))
        .containsExactly("44{\"message\":\"no\",\"data\":{\"type\":\"Buffer\",\"data\":[1,2]}}");
  }

  @Test
  void undefinedIsLeftOutOfObjectsAndIsNullInArraysAsJsonStringifyDoes() {
    ObjectNode reply = Trees.JSON.createObjectNode().put("sid", "abc");
    reply.set("pid", MissingNode.getInstance());

    assertThat(frames(parser.encode(new Packet(PacketType.CONNECT, "/", reply, null)))).containsExactly("40{\"sid\":\"abc\"}");
    assertThat(frames(parser.encode(Packet.ack("/", array("[]").add(MissingNode.getInstance()), 1))))
        .containsExactly("431[null]");
  }

  @Test
  void nullDataIsLeftOutAsJavaScriptLeavesItOut() {
    assertThat(frames(parser.encode(new Packet(PacketType.CONNECT_ERROR, "/", NullNode.getInstance(), null))))
        .containsExactly("44");
  }

  @Test
  void anEmptyNamespaceIsLeftOutLikeTheMainOne() {
    assertThat(frames(parser.encode(Packet.event("", array("[\"e\"]"))))).containsExactly("42[\"e\"]");
  }

  @Test
  void stringsAreEscapedAsJsonStringifyEscapesThem() {
    assertThat(frames(parser.encode(Packet.event("/", array("[\"e\",\"\\u0001\\u2028/\\ud800\"]")))))
        .containsExactly("42[\"e\",\"\\u0001\u2028/\\ud800\"]");
  }

  @Test
  void aBinaryPacketLosesItsProtoKeysAsNodesCopyDoes() {
    ObjectNode o = Trees.JSON.createObjectNode().put("a", 1).put("__proto__", 2);
    ArrayNode withBinary = array("[\"e\"]").add(o).add(BinaryNode.valueOf(new byte[] {1}));
    ArrayNode withoutBinary = array("[\"e\"]").add(o);

    assertThat(frames(parser.encode(Packet.event("/", withBinary))).get(0))
        .isEqualTo("451-[\"e\",{\"a\":1},{\"_placeholder\":true,\"num\":0}]");
    assertThat(frames(parser.encode(Packet.event("/", withoutBinary)))).containsExactly("42[\"e\",{\"a\":1,\"__proto__\":2}]");
  }

  @Test
  void numbersAreWrittenAsJavaScriptWritesThem() {
    assertThat(frames(parser.encode(Packet.event("/", array("[\"e\",1.0,1.5,1e21,-0.0]")))))
        .containsExactly("42[\"e\",1,1.5,1e+21,0]");
  }

  @Test
  void aPacketCannotBeGivenABinaryType() {
    assertThatThrownBy(() -> new Packet(PacketType.BINARY_EVENT, "/", json("[\"e\"]"), null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
