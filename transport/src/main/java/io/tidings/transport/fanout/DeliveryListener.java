package io.tidings.transport.fanout;

import io.netty.buffer.ByteBuf;

/**
 * Told what each loop's pass of a broadcast delivered (for metrics).
 *
 * <p><b>Threading:</b> called on event loops, once per pass that reached someone; must not block.
 * <b>Buffers:</b> {@code frames} are borrowed for the call (released right after it).
 */
@FunctionalInterface
public interface DeliveryListener {

  void delivered(int recipients, ByteBuf[] frames);

  /** Counts nothing. */
  DeliveryListener NONE = (recipients, frames) -> {};
}
