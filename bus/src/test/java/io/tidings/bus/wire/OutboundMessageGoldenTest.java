package io.tidings.bus.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.BusNamespace;
import java.io.IOException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The connection-free encoder against the wire reference: exact NOTIFY payloads and attachment rows (§6.2,
 * §6.3), and the attachment decision at the threshold ({@code >=}, §1.9).
 */
class OutboundMessageGoldenTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();
  private static final String NODE_A = "b42c5e810c7d5725";

  private static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anEmitterBroadcastIsWrittenWithItsTopLevelNspAsNode050Delivers() {
    // §6.3, first row: the emitter-style message that Node 0.5.0 delivered because it carries "nsp".
    String expected = "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"emitterWithNsp\",1]},"
        + "\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}}},\"uid\":\"emitter\",\"nsp\":\"/\"}";
    JsonNode data = json(expected).get("data");

    Publication p = OutboundMessage.of(3, data, "emitter", "/").publication(-1, 8_000);

    assertThat(p).isEqualTo(new Publication.Notify(expected));
  }

  @Test
  void aBroadcastWithAckCarriesItsRequestIdAfterThePacketAsNodeWritesIt() {
    // §6.2: A's io.timeout(2000).emit("ackme", "please", cb), 188 bytes.
    String captured = "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"ackme\",\"please\"]},\"requestId\":\"a812a2c0f791b5b1\","
        + "\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{\"timeout\":2000}}},\"uid\":\"b42c5e810c7d5725\",\"nsp\":\"/\"}";
    ObjectNode withoutId = (ObjectNode) json(captured).get("data").deepCopy();
    withoutId.remove("requestId");

    ObjectNode data = BusNamespace.withRequestId(withoutId, "a812a2c0f791b5b1");

    assertThat(OutboundMessage.of(3, data, NODE_A, "/").json(-1)).isEqualTo(captured).hasSize(188);
  }

  @Test
  void theAnswersToABroadcastWithAckAreWrittenAsNodeWritesThem() {
    // §6.2: B's BROADCAST_CLIENT_COUNT and BROADCAST_ACK, as raw data the way a responder builds them.
    assertThat(OutboundMessage.ofRaw(11, "{\"requestId\":\"a812a2c0f791b5b1\",\"clientCount\":1}", "6570be86ac7a8c65", "/").json(-1))
        .isEqualTo("{\"type\":11,\"data\":{\"requestId\":\"a812a2c0f791b5b1\",\"clientCount\":1},\"uid\":\"6570be86ac7a8c65\",\"nsp\":\"/\"}");
    assertThat(OutboundMessage.of(12, json("{\"requestId\":\"a812a2c0f791b5b1\",\"packet\":\"ack-from-cB\"}"), "6570be86ac7a8c65", "/").json(-1))
        .isEqualTo("{\"type\":12,\"data\":{\"requestId\":\"a812a2c0f791b5b1\",\"packet\":\"ack-from-cB\"},\"uid\":\"6570be86ac7a8c65\",\"nsp\":\"/\"}");
  }

  @Test
  void binaryGoesThroughTheTableAsNodesRow2WithNodesHeader() throws IOException {
    Envelope row2 = EnvelopeCodec.fromMessagePack(HEX.parseHex(MessagePackGoldenTest.ROW_2));

    Publication p = OutboundMessage.of(3, row2.data(), NODE_A, "/").publication(-1, 8_000);

    assertThat(p).isInstanceOf(Publication.Attachment.class);
    Publication.Attachment a = (Publication.Attachment) p;
    assertThat(HEX.formatHex(a.row())).isEqualTo(MessagePackGoldenTest.ROW_2);
    // §6.2, the header of row 2, 54 bytes: no nsp, the id as a string.
    assertThat(a.header(2)).isEqualTo("{\"uid\":\"b42c5e810c7d5725\",\"type\":3,\"attachmentId\":\"2\"}");
  }

  @Test
  void aPayloadOf7999BytesGoesInlineAndOneOf8000GoesThroughTheTable() {
    for (int size : new int[] {7_999, 8_000}) {
      String open = OutboundMessage.ofRaw(3, "\"\"", "emitter", "/").json(-1);
      String data = "\"" + "é".repeat((size - open.length()) / 2) + "x".repeat((size - open.length()) % 2) + "\"";
      OutboundMessage m = OutboundMessage.ofRaw(3, data, "emitter", "/");
      assertThat(EnvelopeCodec.utf8Length(m.json(-1))).isEqualTo(size);

      Publication p = m.publication(-1, 8_000);

      if (size == 7_999) {
        assertThat(p).isInstanceOf(Publication.Notify.class);
      } else {
        assertThat(p).isInstanceOf(Publication.Attachment.class);
        assertThat(((Publication.Attachment) p).envelope().data().asText()).isEqualTo(data.substring(1, data.length() - 1));
      }
    }
  }

  @Test
  void aNumberedMessageCarriesItsSeqInThePayloadTheRowAndTheHeader() throws IOException {
    OutboundMessage m = OutboundMessage.of(3, json("{\"b\":1}").deepCopy(), NODE_A, "/");
    assertThat(m.publication(42, 8_000).json()).isEqualTo("{\"type\":3,\"data\":{\"b\":1},\"uid\":\"b42c5e810c7d5725\",\"nsp\":\"/\",\"seq\":42}");

    Publication.Attachment a = (Publication.Attachment) m.publication(42, 10);

    assertThat(EnvelopeCodec.fromMessagePack(a.row()).seq()).isEqualTo(42);
    assertThat(a.header(7)).isEqualTo("{\"uid\":\"b42c5e810c7d5725\",\"type\":3,\"attachmentId\":\"7\",\"seq\":42}");
  }
}
