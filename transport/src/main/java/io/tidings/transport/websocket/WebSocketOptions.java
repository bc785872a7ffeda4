package io.tidings.transport.websocket;

/**
 * How a WebSocket route decodes and closes, in the style of Netty's {@code WebSocketServerProtocolConfig}:
 * immutable, every default here, checked when built. Compression (permessage-deflate) is always off: a
 * broadcast shares one encoded frame between every recipient, which per-connection compression would
 * undo.
 *
 * @param maxFramePayloadBytes one frame's payload above this closes the connection with 1009
 * @param maxMessageBytes      a message (its frames reassembled) above this closes with 1009
 * @param closeLingerMillis    how long a connection the server closes (or that broke the protocol) may
 *                             take to close its side after our close frame and FIN
 */
public record WebSocketOptions(int maxFramePayloadBytes, int maxMessageBytes, long closeLingerMillis) {

  /** Netty's default frame limit. */
  public static final int DEFAULT_MAX_FRAME_PAYLOAD_BYTES = 65_536;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 65_536;
  public static final long DEFAULT_CLOSE_LINGER_MILLIS = 1_000;

  public static final WebSocketOptions DEFAULT = newBuilder().build();

  public WebSocketOptions {
    if (maxFramePayloadBytes <= 0) throw new IllegalArgumentException("maxFramePayloadBytes must be positive: " + maxFramePayloadBytes);
    if (maxMessageBytes <= 0) throw new IllegalArgumentException("maxMessageBytes must be positive: " + maxMessageBytes);
    if (closeLingerMillis < 0) throw new IllegalArgumentException("closeLingerMillis must not be negative: " + closeLingerMillis);
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().maxFramePayloadBytes(maxFramePayloadBytes).maxMessageBytes(maxMessageBytes)
        .closeLingerMillis(closeLingerMillis);
  }

  /** Builds {@link WebSocketOptions}; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private int maxFramePayloadBytes = DEFAULT_MAX_FRAME_PAYLOAD_BYTES;
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private long closeLingerMillis = DEFAULT_CLOSE_LINGER_MILLIS;

    private Builder() {}

    public Builder maxFramePayloadBytes(int bytes) {
      this.maxFramePayloadBytes = bytes;
      return this;
    }

    public Builder maxMessageBytes(int bytes) {
      this.maxMessageBytes = bytes;
      return this;
    }

    public Builder closeLingerMillis(long millis) {
      this.closeLingerMillis = millis;
      return this;
    }

    public WebSocketOptions build() {
      return new WebSocketOptions(maxFramePayloadBytes, maxMessageBytes, closeLingerMillis);
    }
  }
}
