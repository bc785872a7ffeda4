package io.tidings.socketio.parser;

/** The Socket.IO v5 packet types; the default parser writes each as its digit, the msgpack parser as its number. */
public enum PacketType {
  CONNECT,
  DISCONNECT,
  EVENT,
  ACK,
  CONNECT_ERROR,
  /** An EVENT with binary attachments: chosen by the default parser's encoder, never given to it. */
  BINARY_EVENT,
  /** An ACK with binary attachments: chosen by the default parser's encoder, never given to it. */
  BINARY_ACK;

  private static final PacketType[] BY_CODE = values();

  /** The type's number on the wire. */
  public int code() {
    return ordinal();
  }

  /** The type numbered {@code code}, or {@code null} when there is none. */
  static PacketType ofCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
