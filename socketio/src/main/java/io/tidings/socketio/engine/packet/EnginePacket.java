package io.tidings.socketio.engine.packet;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Engine.IO packet: a type with optional text, or a binary message.
 *
 * <p>Immutable, so safe to share between threads, provided the byte array of a {@link Binary} is not
 * changed after it was handed in: it is kept, not copied.
 */
public sealed interface EnginePacket permits EnginePacket.Text, EnginePacket.Binary {

  /** The packet's type; a binary packet is always a {@link EnginePacketType#MESSAGE message}. */
  EnginePacketType type();

  /** A packet of {@code type} without data, such as a ping ({@code 2}). */
  static Text of(EnginePacketType type) {
    return new Text(type, "");
  }

  /** A text message. */
  static Text message(String data) {
    return new Text(EnginePacketType.MESSAGE, data);
  }

  /** A binary message; {@code data} is kept, not copied. */
  static Binary message(byte[] data) {
    return new Binary(data);
  }

  /**
   * A packet of {@code type} with text {@code data}. The empty string stands for "no data":
   * {@code engine.io-parser} reads {@code "4"} as a message without data and writes a message whose data is
   * empty as {@code "4"} too.
   */
  record Text(EnginePacketType type, String data) implements EnginePacket {
    public Text {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(data, "data");
    }
  }

  /** A binary message. */
  record Binary(byte[] data) implements EnginePacket {
    public Binary {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public EnginePacketType type() {
      return EnginePacketType.MESSAGE;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Binary b && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Binary[" + data.length + " bytes]";
    }
  }
}
