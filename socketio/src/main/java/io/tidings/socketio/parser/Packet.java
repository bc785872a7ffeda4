package io.tidings.socketio.parser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Objects;

/**
 * One Socket.IO packet, as both parsers read and write it.
 *
 * <p>Binary values are {@code BinaryNode}s anywhere in {@code data}; whether a packet travels as
 * BINARY_EVENT/BINARY_ACK is the default parser's business, so a packet's type is never one of those two:
 * a decoded binary event is an EVENT, as Node's parser makes it.
 *
 * <p>{@code data} is absent ({@code null}) where the JavaScript packet has no data; a
 * {@code MissingNode} inside it is JavaScript's {@code undefined} (left out of JSON objects, {@code null} in
 * JSON arrays, {@code d4 00 00} in notepack). Numbers read from the wire are JavaScript numbers: an integer
 * up to 2^53 is an {@code IntNode} or {@code LongNode}, anything else a {@code DoubleNode}.
 *
 * <p>Immutable as long as nobody changes the trees it holds; a packet being encoded or broadcast must not
 * be changed.
 *
 * @param type CONNECT, DISCONNECT, EVENT, ACK or CONNECT_ERROR
 * @param nsp the namespace, such as {@code "/"} or {@code "/admin"}
 * @param data the payload, or {@code null} for none; an EVENT's is {@code [name, ...args]}, an ACK's the args
 * @param id the acknowledgement id, or {@code null} for none
 */
public record Packet(PacketType type, String nsp, JsonNode data, Long id) {

  public Packet {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(nsp, "nsp");
    if (type == PacketType.BINARY_EVENT || type == PacketType.BINARY_ACK) {
      throw new IllegalArgumentException(type + " is chosen by the encoder from the data; use "
          + (type == PacketType.BINARY_EVENT ? PacketType.EVENT : PacketType.ACK));
    }
  }

  /** An EVENT: {@code args} is {@code [name, ...args]}. */
  public static Packet event(String nsp, ArrayNode args) {
    return new Packet(PacketType.EVENT, nsp, args, null);
  }

  /** An EVENT that asks for an acknowledgement {@code id}. */
  public static Packet event(String nsp, ArrayNode args, long id) {
    return new Packet(PacketType.EVENT, nsp, args, id);
  }

  /** The ACK of event {@code id}, with its {@code args}. */
  public static Packet ack(String nsp, ArrayNode args, long id) {
    return new Packet(PacketType.ACK, nsp, args, id);
  }
}
