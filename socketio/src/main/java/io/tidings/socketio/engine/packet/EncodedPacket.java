package io.tidings.socketio.engine.packet;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An Engine.IO packet in its wire form, encoded once and then shared: a broadcast encodes its packet once
 * and hands the same {@code EncodedPacket} to every connection, whatever its transport.
 *
 * <p>Two forms, as {@code engine.io-parser} writes them: over WebSocket a text packet is one text frame
 * (type digit and data, UTF-8) and a binary message one binary frame holding the bytes as they are; in an
 * HTTP long-polling payload the text packet is the same text and the binary message {@code b} followed by
 * its base64. Strings are written as Node writes them, a lone surrogate as U+FFFD.
 *
 * <p>Immutable and thread-safe. The arrays it returns are its own, shared with every other holder for
 * speed: read them, never write them. The base64 form of a binary message is computed on first use.
 */
public final class EncodedPacket {

  private static final byte BINARY_PREFIX = 'b';

  private final byte[] frame;
  private final boolean binary;
  /** The polling form of a binary message, built on first use; racing threads build equal arrays. */
  private volatile byte[] base64Form;

  private EncodedPacket(byte[] frame, boolean binary) {
    this.frame = frame;
    this.binary = binary;
  }

  /** {@code packet} encoded. */
  public static EncodedPacket of(EnginePacket packet) {
    return switch (packet) {
      case EnginePacket.Text t -> text(t.type(), t.data());
      case EnginePacket.Binary b -> message(b.data());
    };
  }

  /** A packet of {@code type} with text {@code data} ({@code ""} for none), such as {@code 3probe}. */
  public static EncodedPacket text(EnginePacketType type, String data) {
    return new EncodedPacket(Utf8.withPrefix((byte) type.code(), data), false);
  }

  /** A text message: {@code 4} followed by {@code data}. */
  public static EncodedPacket message(String data) {
    return text(EnginePacketType.MESSAGE, data);
  }

  /** A binary message; {@code data} is kept, not copied, and must not change afterwards. */
  public static EncodedPacket message(byte[] data) {
    return new EncodedPacket(data, true);
  }

  /**
   * The packet a WebSocket frame's {@code payload} holds: a text frame's UTF-8 text (type digit and data),
   * or a binary frame's bytes, which are a binary message. {@code payload} is kept, not copied, and must not
   * change afterwards. For a recipient that is not a WebSocket and takes a broadcast's frames apart.
   */
  public static EncodedPacket ofWebSocketPayload(byte[] payload, boolean binary) {
    return new EncodedPacket(payload, binary);
  }

  /** Whether this is a binary message (a binary WebSocket frame). */
  public boolean isBinary() {
    return binary;
  }

  /**
   * The payload of this packet's WebSocket frame: the UTF-8 text of a text packet, or the bytes of a
   * binary message. Shared: do not modify.
   */
  public byte[] webSocketPayload() {
    return frame;
  }

  /** This packet as it appears in a long-polling payload, UTF-8. Shared: do not modify. */
  public byte[] pollingForm() {
    if (!binary) {
      return frame;
    }
    byte[] form = base64Form;
    if (form == null) {
      byte[] base64 = Base64.getEncoder().encode(frame);
      form = new byte[base64.length + 1];
      form[0] = BINARY_PREFIX;
      System.arraycopy(base64, 0, form, 1, base64.length);
      base64Form = form;
    }
    return form;
  }

  @Override
  public String toString() {
    return binary ? "binary message of " + frame.length + " bytes" : new String(frame, StandardCharsets.UTF_8);
  }
}
