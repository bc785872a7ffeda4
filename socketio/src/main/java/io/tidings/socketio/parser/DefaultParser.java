package io.tidings.socketio.parser;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.bus.wire.JavaScriptJson;
import io.tidings.socketio.engine.packet.EncodedPacket;
import java.util.ArrayList;
import java.util.List;

/**
 * Socket.IO's default parser, byte for byte what {@code socket.io-parser} 4.2.7 writes and reads: each
 * packet one text message {@code <type>[<attachments>-][<nsp>,][<id>][<json>]}, for instance
 * {@code 2/admin,12["chat","hi"]}, the JSON as {@code JSON.stringify} writes it; an EVENT or ACK with binary
 * values travels as BINARY_EVENT/BINARY_ACK, each binary value replaced by
 * {@code {"_placeholder":true,"num":i}} and sent as its own binary message after the text one.
 *
 * <p>Reading accepts exactly what socket.io-parser accepts, quirks included (a whitespace type character
 * is a CONNECT, the attachment count and the id are read with JavaScript's {@code Number()}, the JSON is
 * read as {@code JSON.parse} reads it and must suit the type: an EVENT's first element a number or a name
 * that is not reserved, an ACK an array, a CONNECT an object, a CONNECT_ERROR a string or an object, a
 * DISCONNECT nothing), with one exception: an id that is no safe integer, which Node would answer with a
 * broken ACK, is refused. A binary packet takes as many binary messages as it announced (1 to
 * {@link #maxAttachments()}, 10 by default as in Node), no text may come between them, and each
 * placeholder must name one of them. The refusals carry Node's error messages.
 *
 * <p>Stateless and thread-safe; each connection gets its own decoder from {@link #newDecoder()}.
 */
public final class DefaultParser implements Parser {

  /** socket.io-parser's default for {@code maxAttachments}. */
  public static final int DEFAULT_MAX_ATTACHMENTS = 10;

  private final int maxAttachments;

  /** The parser with Node's default limit of {@value #DEFAULT_MAX_ATTACHMENTS} attachments per packet. */
  public DefaultParser() {
    this(DEFAULT_MAX_ATTACHMENTS);
  }

  /** The parser accepting up to {@code maxAttachments} binary attachments per packet (Node's {@code maxAttachments}). */
  public DefaultParser(int maxAttachments) {
    if (maxAttachments < 1) {
      throw new IllegalArgumentException("maxAttachments must be at least 1, not " + maxAttachments);
    }
    this.maxAttachments = maxAttachments;
  }

  /** How many binary attachments one packet may announce. */
  public int maxAttachments() {
    return maxAttachments;
  }

  @Override
  public List<EncodedPacket> encode(Packet packet) {
    JsonNode data = packet.data();
    int type = packet.type().code();
    List<byte[]> attachments = List.of();
    if (data != null && (packet.type() == PacketType.EVENT || packet.type() == PacketType.ACK)) {
      List<byte[]> found = new ArrayList<>(1);
      JsonNode withPlaceholders = Placeholders.deconstruct(data, found);
      if (!found.isEmpty()) {
        data = withPlaceholders;
        attachments = found;
        type = (packet.type() == PacketType.EVENT ? PacketType.BINARY_EVENT : PacketType.BINARY_ACK).code();
      }
    }

    StringBuilder text = new StringBuilder(64).append((char) ('0' + type));
    if (!attachments.isEmpty()) {
      text.append(attachments.size()).append('-');
    }
    if (!packet.nsp().isEmpty() && !packet.nsp().equals("/")) {
      text.append(packet.nsp()).append(',');
    }
    if (packet.id() != null) {
      text.append(packet.id().longValue());
    }
    // JavaScript leaves out data that is null or undefined.
    if (data != null && !data.isNull() && !data.isMissingNode()) {
      JavaScriptJson.write(data, text);
    }

    EncodedPacket message = EncodedPacket.message(text.toString());
    if (attachments.isEmpty()) {
      return List.of(message);
    }
    List<EncodedPacket> messages = new ArrayList<>(1 + attachments.size());
    messages.add(message);
    for (byte[] attachment : attachments) {
      messages.add(EncodedPacket.message(attachment));
    }
    return messages;
  }

  @Override
  public PacketDecoder newDecoder() {
    return new DefaultDecoder(maxAttachments);
  }
}
