package io.tidings.socketio;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Java values to and from the JSON trees packets carry, with one shared Jackson mapper: {@code byte[]} and
 * {@code ByteBuffer} (anywhere in a value) become binary nodes, which the parsers send as attachments
 * (default parser) or MessagePack binaries; a {@code JsonNode} passes as it is. Thread-safe.
 */
final class JsonValues {

  static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new SimpleModule("tidings-binary")
      .addSerializer(ByteBuffer.class, new StdSerializer<>(ByteBuffer.class) {
        @Override
        public void serialize(ByteBuffer value, JsonGenerator gen, SerializerProvider provider) throws IOException {
          gen.writeBinary(bytesOf(value));
        }
      }));

  private JsonValues() {}

  /** {@code value} as a tree; Java's null is JSON's null. */
  static JsonNode toNode(Object value) {
    if (value == null) return NullNode.getInstance();
    if (value instanceof JsonNode node) return node;
    if (value instanceof byte[] bytes) return BinaryNode.valueOf(bytes);
    if (value instanceof ByteBuffer buffer) return BinaryNode.valueOf(bytesOf(buffer));
    return MAPPER.valueToTree(value);
  }

  /** {@code [event, ...args]}. */
  static ArrayNode eventData(String event, Object[] args, int count) {
    ArrayNode data = JsonNodeFactory.instance.arrayNode(count + 1);
    data.add(event);
    for (int i = 0; i < count; i++) data.add(toNode(args[i]));
    return data;
  }

  /** {@code args} as an array. */
  static ArrayNode array(Object[] args) {
    ArrayNode data = JsonNodeFactory.instance.arrayNode(args.length);
    for (Object a : args) data.add(toNode(a));
    return data;
  }

  static <T> T convert(JsonNode node, Class<T> type) {
    if (type.isInstance(node)) return type.cast(node);
    try {
      return MAPPER.treeToValue(node, type);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + node.getNodeType() + " as " + type.getName() + ": " + e.getMessage(), e);
    }
  }

  private static byte[] bytesOf(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    return bytes;
  }
}
