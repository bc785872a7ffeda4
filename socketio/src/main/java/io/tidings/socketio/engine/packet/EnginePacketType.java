package io.tidings.socketio.engine.packet;

/** The Engine.IO v4 packet types; on the wire each is its digit. */
public enum EnginePacketType {
  OPEN,
  CLOSE,
  PING,
  PONG,
  MESSAGE,
  UPGRADE,
  NOOP;

  private static final EnginePacketType[] BY_CODE = values();

  /** The type's character on the wire, {@code '0'} to {@code '6'}. */
  public char code() {
    return (char) ('0' + ordinal());
  }

  /** The type written as {@code c}, or {@code null} when {@code c} is no packet type. */
  public static EnginePacketType ofCode(char c) {
    int i = c - '0';
    return i >= 0 && i < BY_CODE.length ? BY_CODE[i] : null;
  }
}
