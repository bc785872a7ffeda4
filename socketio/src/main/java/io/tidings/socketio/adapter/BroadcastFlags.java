package io.tidings.socketio.adapter;

import java.time.Duration;

/**
 * The flags of one broadcast, Node's {@code BroadcastFlags}: immutable.
 *
 * @param isVolatile the packet may be dropped for a client that cannot take it now ({@code volatile})
 * @param compress   whether the client asked for compression (carried for the cluster; Tidings never
 *                   compresses, see {@code EngineOptions})
 * @param local      the broadcast stays on this node ({@code local}): a cluster adapter does not publish it
 * @param timeout    how long a broadcast with acknowledgements waits for them; null when none was set
 */
public record BroadcastFlags(boolean isVolatile, boolean compress, boolean local, Duration timeout) {

  /** No flag set: Node's {@code {}}. */
  public static final BroadcastFlags NONE = new BroadcastFlags(false, true, false, null);

  public BroadcastFlags withVolatile() {
    return new BroadcastFlags(true, compress, local, timeout);
  }

  public BroadcastFlags withCompress(boolean value) {
    return new BroadcastFlags(isVolatile, value, local, timeout);
  }

  public BroadcastFlags withLocal() {
    return new BroadcastFlags(isVolatile, compress, true, timeout);
  }

  public BroadcastFlags withTimeout(Duration value) {
    if (value == null || value.isNegative()) throw new IllegalArgumentException("timeout must be zero or positive: " + value);
    return new BroadcastFlags(isVolatile, compress, local, value);
  }
}
