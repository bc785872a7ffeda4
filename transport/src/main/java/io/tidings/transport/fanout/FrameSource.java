package io.tidings.transport.fanout;

import io.netty.buffer.ByteBuf;

/**
 * A broadcast's frames, encoded only when some event loop has a recipient for them: a broadcast to a
 * room with no member here costs no allocation.
 *
 * <p><b>Threading and buffers:</b> called at most once per broadcast, on the broadcasting thread. The
 * registry owns the returned buffers (it releases them once every loop's pass is done).
 */
@FunctionalInterface
public interface FrameSource {

  /** The complete WebSocket frames to send, in order (usually one). */
  ByteBuf[] encode();
}
