package io.tidings.bus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests against the raw NOTIFY payloads captured from Node nodes (wire reference §6.2) and the
 * crafted payloads Node accepted (§6.3). Both directions unless a test says otherwise.
 */
class EnvelopeCodecGoldenTest {

  record Capture(String channel, int bytes, String sender, String payload) {
    @Override
    public String toString() {
      return sender + " " + payload.substring(0, Math.min(60, payload.length()));
    }
  }

  static Stream<Capture> captures() throws IOException {
    return lines("/golden/notify-captures-6.2.tsv").stream().map(l -> {
      String[] c = l.split("\t", 4);
      return new Capture(c[0], Integer.parseInt(c[1]), c[2], c[3]);
    });
  }

  static List<String> crafted() throws IOException {
    return lines("/golden/notify-crafted-6.3.txt");
  }

  @ParameterizedTest
  @MethodSource("captures")
  void everyCapturedPayloadDecodesAndEncodesBackByteForByte(Capture c) throws IOException {
    NotifyPayload decoded = EnvelopeCodec.parse(c.payload());

    String encoded = switch (decoded) {
      case Envelope e -> EnvelopeCodec.toJson(e);
      case AttachmentHeader h -> EnvelopeCodec.toJson(h);
    };

    assertThat(encoded).isEqualTo(c.payload());
    assertThat(EnvelopeCodec.utf8Length(encoded)).isEqualTo(c.bytes());
  }

  @ParameterizedTest
  @MethodSource("captures")
  void everyCapturedPayloadIsWrittenByteForByteFromItsParsedTree(Capture c) throws IOException {
    // Decoding keeps data as text; rebuilding the envelope from the tree makes the JavaScript-compatible
    // writer produce every byte of data itself.
    if (!(EnvelopeCodec.parse(c.payload()) instanceof Envelope e)) return;
    Envelope fromTree = new Envelope(e.type(), e.data(), e.uid(), e.nsp(), e.seq());

    assertThat(fromTree.rawData()).isNull();
    assertThat(EnvelopeCodec.toJson(fromTree)).isEqualTo(c.payload());
  }

  @Test
  void aCapturedBroadcastDecodesToItsParts() throws IOException {
    Envelope e = (Envelope) EnvelopeCodec.parse(
        "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"hello\",\"world\",1,{\"nested\":true}]},\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}}},\"uid\":\"b42c5e810c7d5725\",\"nsp\":\"/\"}");

    assertThat(e.type()).isEqualTo(3);
    assertThat(e.uid()).isEqualTo("b42c5e810c7d5725");
    assertThat(e.nsp()).isEqualTo("/");
    assertThat(e.seq()).isEqualTo(-1);
    assertThat(e.data().at("/packet/data/3/nested").booleanValue()).isTrue();
  }

  @Test
  void anEmitterPayloadWithoutNspDecodesWithNoNamespace() throws IOException {
    Envelope e = (Envelope) EnvelopeCodec.parse("{\"type\":9,\"data\":{\"packet\":[\"plain\",\"from-emitter\"]},\"uid\":\"emitter\"}");

    assertThat(e.nsp()).isNull();
    assertThat(e.uid()).isEqualTo("emitter");
  }

  @Test
  void aCapturedAttachmentHeaderCarriesTheIdGivenAsAString() throws IOException {
    AttachmentHeader h = (AttachmentHeader) EnvelopeCodec.parse("{\"uid\":\"b42c5e810c7d5725\",\"type\":3,\"attachmentId\":\"2\"}");

    assertThat(h).isEqualTo(new AttachmentHeader("b42c5e810c7d5725", 3, 2, -1));
  }

  @Test
  void anAttachmentIdGivenAsANumberIsAccepted() throws IOException {
    // §6.3: Node accepts a numeric id; we read it too, but always write the string form (Go needs it).
    AttachmentHeader h = (AttachmentHeader) EnvelopeCodec.parse("{\"uid\":\"javanode0001\",\"type\":3,\"attachmentId\":17}");

    assertThat(h.attachmentId()).isEqualTo(17);
    assertThat(EnvelopeCodec.toJson(h)).isEqualTo("{\"uid\":\"javanode0001\",\"type\":3,\"attachmentId\":\"17\"}");
  }

  @Test
  void theCraftedEmitterPayloadWithNspRoundTripsByteForByte() throws IOException {
    String payload = crafted().get(0);

    Envelope e = (Envelope) EnvelopeCodec.parse(payload);
    assertThat(EnvelopeCodec.toJson(e)).isEqualTo(payload);
    assertThat(EnvelopeCodec.toJson(new Envelope(e.type(), e.data(), e.uid(), e.nsp(), e.seq()))).isEqualTo(payload);
  }

  @Test
  void aPayloadInForeignKeyOrderWithoutExceptOrFlagsDecodes() throws IOException {
    // §6.3 row 2 was written by hand in the order uid, nsp, type, data. Decoding is the direction that
    // matters (Node accepted it); encoding writes Node's own order type, data, uid, nsp, so the bytes
    // differ from the input by design while the data tree keeps its inner order.
    Envelope e = (Envelope) EnvelopeCodec.parse(crafted().get(1));

    assertThat(e).extracting(Envelope::type, Envelope::uid, Envelope::nsp).containsExactly(3, "javanode0001", "/");
    assertThat(e.data().at("/opts").toString()).isEqualTo("{\"rooms\":[]}");
    assertThat(EnvelopeCodec.toJson(e)).isEqualTo(
        "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"javaMinimal\",\"x\"]},\"opts\":{\"rooms\":[]}},\"uid\":\"javanode0001\",\"nsp\":\"/\"}");
  }

  @Test
  void unknownKeysSuchAsTheClusterPrimariesNodeIdAreIgnored() throws IOException {
    Envelope e = (Envelope) EnvelopeCodec.parse("{\"type\":2,\"uid\":\"6570be86ac7a8c65\",\"nsp\":\"/\",\"nodeId\":\"0123456789abcdef\"}");

    assertThat(EnvelopeCodec.toJson(e)).isEqualTo("{\"type\":2,\"uid\":\"6570be86ac7a8c65\",\"nsp\":\"/\"}");
  }

  @Test
  void theSequenceNumberIsWrittenAfterNodesKeysAndReadBack() throws IOException {
    Envelope e = new Envelope(2, null, "0011223344556677", "/", 42);

    String json = EnvelopeCodec.toJson(e);

    assertThat(json).isEqualTo("{\"type\":2,\"uid\":\"0011223344556677\",\"nsp\":\"/\",\"seq\":42}");
    assertThat(EnvelopeCodec.parse(json)).isEqualTo(e);
  }

  @Test
  void anAttachmentHeaderMayCarryTheSequenceNumber() throws IOException {
    AttachmentHeader h = new AttachmentHeader("0011223344556677", 3, 9, 7);

    assertThat(EnvelopeCodec.toJson(h)).isEqualTo("{\"uid\":\"0011223344556677\",\"type\":3,\"attachmentId\":\"9\",\"seq\":7}");
    assertThat(EnvelopeCodec.parse(EnvelopeCodec.toJson(h))).isEqualTo(h);
  }

  @Test
  void aPayloadWithoutANumericTypeIsRejected() {
    assertThatThrownBy(() -> EnvelopeCodec.parse("{\"uid\":\"x\",\"type\":\"3\"}")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> EnvelopeCodec.parse("[1,2]")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> EnvelopeCodec.parse("{\"type\":")).isInstanceOf(IOException.class);
  }

  @Test
  void utf8LengthCountsBytesAsPostgresDoes() {
    assertThat(EnvelopeCodec.utf8Length("é".repeat(4000))).isEqualTo(8000);
    assertThat(EnvelopeCodec.utf8Length("x€😀")).isEqualTo(1 + 3 + 4);
  }

  @Test
  void binaryIsFoundAnywhereInATree() throws IOException {
    var tree = new ObjectMapper().readTree("{\"a\":[1,{\"b\":null}]}");
    assertThat(EnvelopeCodec.containsBinary(tree)).isFalse();

    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.at("/a/1")).put("b", new byte[] {1});
    assertThat(EnvelopeCodec.containsBinary(tree)).isTrue();
  }

  static List<String> lines(String resource) throws IOException {
    try (InputStream in = EnvelopeCodecGoldenTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }
  }

  @Test
  void aStringDataMemberIsKeptWholeAsText() throws IOException {
    Envelope e = (Envelope) EnvelopeCodec.parse("{\"type\":9,\"data\":\"a \\\"b\\\" \\u00e9\",\"uid\":\"u\",\"nsp\":\"/\"}");
    assertThat(e.rawData()).isEqualTo("\"a \\\"b\\\" \\u00e9\"");
    assertThat(e.data().asText()).isEqualTo("a \"b\" \u00e9");
    assertThat(e.nsp()).isEqualTo("/");
  }
}
