package io.tidings.socketio.parser;

import io.tidings.bus.wire.MessagePack;
import io.tidings.socketio.engine.packet.EncodedPacket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack.PackerConfig;
import org.msgpack.core.MessagePacker;

/**
 * The parser of {@code socket.io-msgpack-parser} 3.0.2: each packet is one MessagePack map
 * ({@code type}, {@code data}, {@code nsp}, {@code id}) written by {@code notepack.io} 2.2 and sent as one
 * binary Engine.IO message, binary values inline as MessagePack bin.
 *
 * <p>Writing gives the bytes notepack writes for the packet object Node's socket.io builds on a socket:
 * keys in the order {@code type, data, id, nsp}, an ACK's {@code id} first (Node's {@code socket.ack}),
 * absent fields left out, a {@code MissingNode} anywhere written as notepack's {@code undefined}
 * ({@code d4 00 00}, as in the CONNECT reply {@code {sid, pid: undefined}}). Two of Node's paths order their keys
 * differently, which no decoder sees: a broadcast with an acknowledgement ({@code type, data, nsp, id}) and
 * the refusal of an unknown namespace ({@code type, nsp, data}). Two values are written correctly where
 * notepack garbles them: a string with a lone surrogate gets U+FFFD (as notepack writes strings longer than
 * 32 characters), an integral number beyond 64 bits is a float64.
 *
 * <p>Values are read as notepack reads them into JavaScript: numbers as JavaScript numbers, {@code undefined}
 * as a {@code MissingNode}, a Date as its JSON (the ISO string), an ArrayBuffer as binary, another extension
 * as {@code [type, <bytes>]}, map keys as JavaScript turns values into property keys. Reading follows the
 * parser's {@code checkPacket}: the message must be one map whose {@code type} is an integer from 0 to 4, whose
 * {@code nsp} is a string, whose {@code data} suits the type (CONNECT: none or an object; DISCONNECT: none;
 * CONNECT_ERROR: a string or an object; EVENT and ACK: an array, which may be empty) and whose {@code id},
 * if any, is an integer; other keys are ignored. Unlike Node, an id that is no safe integer is refused,
 * and a Date as a CONNECT_ERROR's data passes for the string it is read as (a server refuses a client's
 * CONNECT_ERROR anyway). Text messages are refused: the parser reads binary only.
 *
 * <p>Stateless and thread-safe.
 */
public final class MsgpackParser implements Parser {

  /** A packet is usually small: a first buffer of 256 bytes instead of msgpack-core's 8 KiB, grown on demand. */
  private static final PackerConfig PACKER = new PackerConfig().withBufferSize(256);
  private static final PacketDecoder DECODER = new MsgpackDecoder();

  @Override
  public List<EncodedPacket> encode(Packet packet) {
    MessageBufferPacker out = PACKER.newBufferPacker();
    try {
      int fields = 2 + (packet.data() != null ? 1 : 0) + (packet.id() != null ? 1 : 0);
      out.packMapHeader(fields);
      boolean ack = packet.type() == PacketType.ACK;
      if (ack && packet.id() != null) {
        key("id", out).packLong(packet.id());
      }
      key("type", out).packInt(packet.type().code());
      if (packet.data() != null) {
        MessagePack.pack(packet.data(), key("data", out), MessagePack.Dialect.NOTEPACK);
      }
      if (!ack && packet.id() != null) {
        key("id", out).packLong(packet.id());
      }
      MessagePack.packString(packet.nsp(), key("nsp", out));
      return List.of(EncodedPacket.message(out.toByteArray()));
    } catch (IOException inMemory) {
      throw new UncheckedIOException(inMemory);
    }
  }

  /** The decoder, shared: reading a message needs no state between messages. */
  @Override
  public PacketDecoder newDecoder() {
    return DECODER;
  }

  private static MessagePacker key(String name, MessagePacker out) throws IOException {
    MessagePack.packString(name, out);
    return out;
  }
}
