package io.tidings.emitter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;

/**
 * Turns the Java values given to {@code emit} and {@code serverSideEmit} into the JSON tree the cluster
 * message carries: {@code byte[]} and {@code ByteBuffer} (at any depth: Jackson writes them as binary) become
 * MessagePack {@code bin} in the attachment table, as a Node {@code Buffer} does; a {@code JsonNode} is taken
 * as it is (copied, so the caller may reuse it); everything else (maps, lists, records, POJOs, numbers,
 * strings) goes through the emitter's {@code ObjectMapper}. {@code null} is JSON {@code null}.
 *
 * <p>A callback among the arguments is refused: an emitter hears nothing, so it cannot collect
 * acknowledgements (Node's emitter refuses them too).
 *
 * <p>Stateless and thread-safe; the values given are only read, and nothing of them is kept.
 */
final class Arguments {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Arguments() {}

  /** {@code first} followed by {@code args}, as a JSON array: the {@code data} of a packet. */
  static ArrayNode array(String first, Object[] args, ObjectMapper mapper) {
    Object[] values = args == null ? new Object[] {null} : args; // emit("ev", null) means one null argument
    ArrayNode array = NODES.arrayNode(1 + values.length);
    array.add(first);
    for (int i = 0; i < values.length; i++) {
      array.add(toJson(values[i], i, mapper));
    }
    return array;
  }

  private static JsonNode toJson(Object value, int index, ObjectMapper mapper) {
    if (value == null) {
      return NullNode.getInstance();
    }
    if (value instanceof JsonNode node) {
      return node.deepCopy();
    }
    if (value instanceof byte[] bytes) {
      return BinaryNode.valueOf(bytes.clone());
    }
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer view = buffer.duplicate();
      byte[] bytes = new byte[view.remaining()];
      view.get(bytes);
      return BinaryNode.valueOf(bytes);
    }
    if (isCallback(value)) {
      throw new IllegalArgumentException("Acknowledgements are not supported: argument " + (index + 1)
          + " is a callback (" + value.getClass().getName() + "), and an emitter receives nothing to call it with");
    }
    try {
      return mapper.valueToTree(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Argument " + (index + 1) + " (" + value.getClass().getName()
          + ") cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  /** A function object: a lambda, a method reference, or an instance of a standard functional interface. */
  private static boolean isCallback(Object value) {
    return value.getClass().isHidden() // lambdas and method references
        || value instanceof Runnable || value instanceof Callable<?>
        || value instanceof java.util.function.Consumer<?> || value instanceof java.util.function.BiConsumer<?, ?>
        || value instanceof java.util.function.Function<?, ?> || value instanceof java.util.function.BiFunction<?, ?, ?>
        || value instanceof java.util.function.Supplier<?>;
  }
}
