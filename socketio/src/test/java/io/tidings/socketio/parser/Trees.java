package io.tidings.socketio.parser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tidings.socketio.engine.packet.EncodedPacket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** Test shorthand: JSON text to trees, encoded messages to what a WebSocket frame shows. */
final class Trees {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HexFormat HEX = HexFormat.of();

  private Trees() {}

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  static ArrayNode array(String text) {
    return (ArrayNode) json(text);
  }

  /** Each message as its WebSocket frame shows it: the text of a text frame, {@code <hex>} of a binary one. */
  static List<String> frames(List<EncodedPacket> messages) {
    return messages.stream()
        .map(m -> m.isBinary() ? "<" + HEX.formatHex(m.webSocketPayload()) + ">"
            : new String(m.webSocketPayload(), StandardCharsets.UTF_8))
        .toList();
  }
}
