package io.tidings.socketio.parser;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The default parser's decoder for one connection, socket.io-parser's {@code Decoder}: a text message is a
 * packet, unless it announces binary attachments, which then must follow as binary messages.
 *
 * <pre>
 *   idle ──text (EVENT, ACK, …)──► packet
 *   idle ──text (BINARY_EVENT/ACK, n attachments)──► reconstructing ──binary ×n──► packet, idle
 *   idle ──binary──► "got binary data when not reconstructing a packet"
 *   reconstructing ──text──► "got plaintext data when reconstructing a packet"
 * </pre>
 *
 * <p>Confined to its connection's thread. Holds at most the attachments of one packet, never more than
 * its parser's limit.
 */
final class DefaultDecoder implements PacketDecoder {

  private final int maxAttachments;

  /** The binary packet being put together, or {@code null}. */
  private TextPacketReader.Read pending;
  private List<byte[]> attachments;

  DefaultDecoder(int maxAttachments) {
    this.maxAttachments = maxAttachments;
  }

  @Override
  public Packet decode(String message) throws PacketFormatException {
    if (pending != null) {
      throw new PacketFormatException("got plaintext data when reconstructing a packet");
    }
    if (message.isEmpty()) {
      // Engine.IO "4" is a message without data; socket.io's decoder throws on it (no string, no binary).
      throw new PacketFormatException("message without data");
    }
    TextPacketReader.Read read = TextPacketReader.read(message, maxAttachments);
    return switch (read.type()) {
      case BINARY_EVENT, BINARY_ACK -> {
        pending = read;
        attachments = new ArrayList<>();
        yield null;
      }
      default -> new Packet(read.type(), read.nsp(), read.data(), read.ackId());
    };
  }

  @Override
  public Packet decode(byte[] message) throws PacketFormatException {
    if (pending == null) {
      throw new PacketFormatException("got binary data when not reconstructing a packet");
    }
    attachments.add(message);
    if (attachments.size() < pending.attachments()) {
      return null;
    }
    TextPacketReader.Read read = pending;
    List<byte[]> received = attachments;
    pending = null;
    attachments = null;
    JsonNode data = read.data() == null ? null : Placeholders.reconstruct(read.data(), received);
    PacketType type = read.type() == PacketType.BINARY_EVENT ? PacketType.EVENT : PacketType.ACK;
    return new Packet(type, read.nsp(), data, read.ackId());
  }
}
