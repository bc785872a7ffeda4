package io.tidings.socketio.parser;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The msgpack parser's decoder: one binary message, one packet, checked as {@code socket.io-msgpack-parser}'s
 * {@code checkPacket} checks it (see {@link MsgpackParser}). Holds no state, so one instance serves every
 * connection; thread-safe.
 */
final class MsgpackDecoder implements PacketDecoder {

  @Override
  public Packet decode(String message) throws PacketFormatException {
    throw new PacketFormatException("invalid packet type: the msgpack parser reads binary messages only");
  }

  @Override
  public Packet decode(byte[] message) throws PacketFormatException {
    JsonNode packet = NotepackReader.read(message);
    JsonNode typeNode = field(packet, "type");
    Long code = typeNode == null ? null : JavaScriptValues.safeInteger(typeNode);
    if (code == null || code < PacketType.CONNECT.code() || code > PacketType.CONNECT_ERROR.code()) {
      throw new PacketFormatException("invalid packet type");
    }
    PacketType type = PacketType.ofCode(code.intValue());

    JsonNode nsp = field(packet, "nsp");
    if (nsp == null || !nsp.isTextual()) {
      throw new PacketFormatException("invalid namespace");
    }

    JsonNode data = field(packet, "data");
    boolean dataValid = switch (type) {
      case CONNECT -> data == null || data.isObject();
      case DISCONNECT -> data == null;
      case CONNECT_ERROR -> data != null && (data.isTextual() || data.isObject());
      default -> data != null && data.isArray();
    };
    if (!dataValid) {
      throw new PacketFormatException("invalid payload");
    }

    JsonNode idNode = field(packet, "id");
    Long id = null;
    if (idNode != null) {
      id = JavaScriptValues.safeInteger(idNode);
      if (id == null) {
        throw new PacketFormatException("invalid packet id");
      }
    }
    return new Packet(type, nsp.textValue(), data, id);
  }

  /** The packet's {@code name} field, or {@code null} where JavaScript reads {@code undefined}. */
  private static JsonNode field(JsonNode packet, String name) {
    JsonNode value = packet.isObject() ? packet.get(name) : null;
    return value == null || value.isMissingNode() ? null : value;
  }
}
