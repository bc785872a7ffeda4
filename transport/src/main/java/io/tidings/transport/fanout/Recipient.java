package io.tidings.transport.fanout;

import io.netty.buffer.ByteBuf;

/**
 * What a broadcast can reach: a WebSocket connection, or anything else that lives on one event loop and
 * can take already-encoded frames (a long-polling socket that queues them for its next poll).
 *
 * <p><b>Threading:</b> a recipient lives on one loop for its whole life ({@link #loopIndex}); the fan-out
 * calls {@link #deliver} only there, and the stamp is read and written only there.
 */
public abstract class Recipient {

  /**
   * The stamp of the last broadcast pass on this recipient's loop that reached or excluded it (see
   * {@link RoomRegistry}). Confined to the recipient's loop.
   */
  long stamp;

  /** The number of the event loop this recipient lives on; never changes. */
  public abstract int loopIndex();

  /**
   * Writes one broadcast's frames, in order: complete WebSocket frames (a text frame, possibly followed by
   * binary ones), the same buffers for every recipient. Called on this recipient's loop.
   *
   * <p><b>Buffers:</b> borrowed. The fan-out releases them after its pass; keep a
   * {@code retainedDuplicate()} of what you hold on to. A recipient that is not a WebSocket takes the
   * payload out of each frame. It must not join or leave rooms from inside this call.
   *
   * @return false when the frames were dropped (the recipient is closing or too slow)
   */
  protected abstract boolean deliver(ByteBuf[] frames);
}
