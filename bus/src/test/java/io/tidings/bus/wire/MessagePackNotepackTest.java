package io.tidings.bus.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;

/**
 * The notepack.io dialect against bytes {@code notepack.encode()} (notepack.io 2.2.0, Node 20) wrote for the
 * same JavaScript values; the default dialect is unchanged by it.
 */
class MessagePackNotepackTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void undefinedIsFixextOneOfTypeZeroInObjectsAndArrays() throws IOException {
    // notepack.encode({u: undefined, a: [undefined, 1]})
    ObjectNode value = NODES.objectNode();
    value.set("u", MissingNode.getInstance());
    value.set("a", NODES.arrayNode().add(MissingNode.getInstance()).add(1));

    assertThat(notepack(value)).isEqualTo("82a175d40000a16192d4000001");
  }

  @Test
  void theDefaultDialectStillLeavesUndefinedOutOfObjectsAndWritesNilInArrays() {
    ObjectNode value = NODES.objectNode();
    value.set("u", MissingNode.getInstance());
    value.set("a", NODES.arrayNode().add(MissingNode.getInstance()).add(1));

    assertThat(HexFormat.of().formatHex(MessagePack.encode(value))).isEqualTo("81a16192c001");
  }

  @Test
  void integralNumbersPastTwoToTheFiftyThreeKeepTheirExactValue() throws IOException {
    // notepack.encode([2 ** 53 + 2, -(2 ** 53) - 2, 2 ** 63, 2 ** 64 - 2 ** 11, -(2 ** 63), 4294967296, -2147483649])
    ArrayNode value = NODES.arrayNode()
        .add(DoubleNode.valueOf(0x1p53 + 2)).add(DoubleNode.valueOf(-0x1p53 - 2)).add(DoubleNode.valueOf(0x1p63))
        .add(DoubleNode.valueOf(0x1p64 - 0x1p11)).add(DoubleNode.valueOf(-0x1p63))
        .add(4294967296L).add(DoubleNode.valueOf(-2147483649d));

    assertThat(notepack(value)).isEqualTo("97cf0020000000000002d3ffdffffffffffffecf8000000000000000cffffffffffffff800"
        + "d38000000000000000cf0000000100000000d3ffffffff7fffffff");
  }

  @Test
  void smallIntegersTakeTheSmallestFormat() throws IOException {
    // notepack.encode([0, 127, 128, 255, 256, 65535, 65536, -1, -32, -33, -128, -129, -32768, -32769, -0])
    ArrayNode value = NODES.arrayNode();
    for (long n : new long[] {0, 127, 128, 255, 256, 65535, 65536, -1, -32, -33, -128, -129, -32768, -32769}) {
      value.add(n);
    }
    value.add(DoubleNode.valueOf(-0.0));

    assertThat(notepack(value)).isEqualTo("9f007fcc80ccffcd0100cdffffce00010000ffe0d0dfd080d1ff7fd18000d2ffff7fff00");
  }

  @Test
  void fractionsAndNonFiniteNumbersAreFloat64() throws IOException {
    // notepack.encode([1.5, 0.1, NaN, Infinity, -Infinity])
    ArrayNode value = NODES.arrayNode().add(1.5).add(0.1).add(Double.NaN).add(Double.POSITIVE_INFINITY).add(Double.NEGATIVE_INFINITY);

    assertThat(notepack(value)).isEqualTo(
        "95cb3ff8000000000000cb3fb999999999999acb7ff8000000000000cb7ff0000000000000cbfff0000000000000");
  }

  @Test
  void anIntegralNumberBeyondSixtyFourBitsIsTheFloat64NotepackWouldGarble() throws IOException {
    // notepack.encode(1e300) writes cf0000000000000000 (zero): its high word overflows.
    assertThat(notepack(DoubleNode.valueOf(1e300))).isEqualTo("cb7e37e43c8800759c");
  }

  private static String notepack(JsonNode node) throws IOException {
    MessageBufferPacker packer = org.msgpack.core.MessagePack.newDefaultBufferPacker();
    MessagePack.pack(node, packer, MessagePack.Dialect.NOTEPACK);
    return HexFormat.of().formatHex(packer.toByteArray());
  }
}
