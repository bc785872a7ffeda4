package io.tidings.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The arguments of an event or an acknowledgement, as the client sent them (the event's name not
 * included): JavaScript values read into JSON trees, binary values as bytes. Typed getters convert with
 * Jackson; reading past the end gives JavaScript's {@code undefined} ({@link MissingNode}, null from the
 * typed getters).
 *
 * <p>Immutable as long as nobody changes the trees {@link #get} returns; safe to pass between threads.
 */
public final class Args implements Iterable<JsonNode> {

  private static final Args EMPTY = new Args(List.of());

  private final List<JsonNode> values;

  private Args(List<JsonNode> values) {
    this.values = values;
  }

  /** The elements of {@code array} from {@code from} on. */
  static Args of(ArrayNode array, int from) {
    if (array == null || array.size() <= from) return EMPTY;
    List<JsonNode> values = new ArrayList<>(array.size() - from);
    for (int i = from; i < array.size(); i++) values.add(array.get(i));
    return new Args(values);
  }

  /** Arguments made from Java values (converted as {@code emit} converts them). */
  public static Args of(Object... values) {
    List<JsonNode> nodes = new ArrayList<>(values.length);
    for (Object v : values) nodes.add(JsonValues.toNode(v));
    return new Args(nodes);
  }

  public int size() {
    return values.size();
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** Argument {@code i} as a tree; {@link MissingNode} past the end. */
  public JsonNode get(int i) {
    return i >= 0 && i < values.size() ? values.get(i) : MissingNode.getInstance();
  }

  /** Argument {@code i} converted to {@code type} by Jackson; null when absent or JSON null. */
  public <T> T get(int i, Class<T> type) {
    JsonNode node = get(i);
    if (node.isMissingNode() || node.isNull()) return null;
    return JsonValues.convert(node, type);
  }

  /** Argument {@code i} as text (a number or boolean as JavaScript prints it); null when absent or null. */
  public String getString(int i) {
    JsonNode node = get(i);
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }

  public int getInt(int i) {
    return get(i).asInt();
  }

  public long getLong(int i) {
    return get(i).asLong();
  }

  public double getDouble(int i) {
    return get(i).asDouble();
  }

  public boolean getBoolean(int i) {
    return get(i).asBoolean();
  }

  /** Argument {@code i}'s bytes when it is binary; null otherwise. */
  public byte[] getBytes(int i) {
    JsonNode node = get(i);
    if (!node.isBinary()) return null;
    try {
      return node.binaryValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Argument {@code i}'s bytes, read-only, when it is binary; null otherwise. */
  public ByteBuffer getByteBuffer(int i) {
    byte[] bytes = getBytes(i);
    return bytes == null ? null : ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  /** The arguments as trees. */
  public List<JsonNode> toList() {
    return values;
  }

  @Override
  public Iterator<JsonNode> iterator() {
    return values.iterator();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
