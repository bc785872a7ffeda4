package io.tidings.socketio.parser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The default parser's binary attachments: on the way out each binary value is replaced by
 * {@code {"_placeholder":true,"num":i}} and sent after the packet; on the way in the placeholders are
 * replaced by the attachments again, as socket.io-parser's {@code deconstructPacket} and
 * {@code reconstructPacket} do.
 *
 * <p>Stateless and thread-safe; the trees are walked recursively, which their depth limit allows.
 */
final class Placeholders {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String PROTO = "__proto__";

  private Placeholders() {}

  /**
   * {@code data} with each binary value, in the order JSON would write them, replaced by its placeholder
   * and its bytes appended to {@code attachments}. Parts without binary are shared with {@code data}, which
   * is not changed, except that objects lose their {@code __proto__} key as in Node; the result counts only
   * when {@code attachments} grew.
   */
  static JsonNode deconstruct(JsonNode data, List<byte[]> attachments) {
    if (data.isBinary()) {
      ObjectNode placeholder = NODES.objectNode();
      placeholder.put("_placeholder", true);
      placeholder.put("num", attachments.size());
      attachments.add(((BinaryNode) data).binaryValue());
      return placeholder;
    }
    if (data.isArray()) {
      ArrayNode copy = null;
      for (int i = 0; i < data.size(); i++) {
        JsonNode element = data.get(i);
        JsonNode replaced = deconstruct(element, attachments);
        if (replaced != element && copy == null) {
          copy = NODES.arrayNode(data.size());
          for (int j = 0; j < i; j++) {
            copy.add(data.get(j));
          }
        }
        if (copy != null) {
          copy.add(replaced);
        }
      }
      return copy == null ? data : copy;
    }
    if (data.isObject()) {
      ObjectNode copy = null;
      for (Map.Entry<String, JsonNode> field : data.properties()) {
        JsonNode replaced = deconstruct(field.getValue(), attachments);
        // Node copies every object with plain assignments, and assigning "__proto__" sets the copy's
        // prototype instead of a key: a binary packet loses its "__proto__" keys.
        boolean proto = field.getKey().equals(PROTO);
        if ((replaced != field.getValue() || proto) && copy == null) {
          copy = NODES.objectNode();
          for (Map.Entry<String, JsonNode> before : data.properties()) {
            if (before.getKey().equals(field.getKey())) {
              break;
            }
            copy.set(before.getKey(), before.getValue());
          }
        }
        if (copy != null && !proto) {
          copy.set(field.getKey(), replaced);
        }
      }
      return copy == null ? data : copy;
    }
    return data;
  }

  /**
   * {@code data} (changed in place) with every placeholder replaced by its attachment. A placeholder is an
   * object whose {@code _placeholder} is {@code true}; its {@code num} must be a number from 0 to below
   * the attachment count, else the packet is refused, and a fractional one gives {@code undefined}, as in
   * JavaScript.
   */
  static JsonNode reconstruct(JsonNode data, List<byte[]> attachments) throws PacketFormatException {
    if (data.isObject()) {
      JsonNode flag = data.get("_placeholder");
      if (flag != null && flag.isBoolean() && flag.booleanValue()) {
        return attachment(data.get("num"), attachments);
      }
      for (Map.Entry<String, JsonNode> field : data.properties()) {
        JsonNode value = field.getValue();
        JsonNode replaced = reconstruct(value, attachments);
        if (replaced != value) {
          field.setValue(replaced);
        }
      }
    } else if (data.isArray()) {
      ArrayNode array = (ArrayNode) data;
      for (int i = 0; i < array.size(); i++) {
        JsonNode element = array.get(i);
        JsonNode replaced = reconstruct(element, attachments);
        if (replaced != element) {
          array.set(i, replaced);
        }
      }
    }
    return data;
  }

  private static JsonNode attachment(JsonNode num, List<byte[]> attachments) throws PacketFormatException {
    if (num == null || !num.isNumber() || !(num.doubleValue() >= 0) || num.doubleValue() >= attachments.size()) {
      throw new PacketFormatException("illegal attachments");
    }
    double index = num.doubleValue();
    return index == Math.rint(index) ? BinaryNode.valueOf(attachments.get((int) index)) : MissingNode.getInstance();
  }
}
