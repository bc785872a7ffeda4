package io.tidings.server.pusher;

import io.tidings.transport.loop.EventLoops;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections that neither sent nor received anything for the idle timeout, with 4201 and no
 * {@code pusher:error} (as Soketi). One periodic task per event loop walks that loop's connections, so
 * idle sockets cost no timer each.
 *
 * <p><b>Threading:</b> {@link #add} and {@link #remove} on the connection's loop; each list is confined
 * to its loop.
 */
final class IdleSweeper {

  private final EventLoops loops;
  private final List<List<PusherConnection>> perLoop = new ArrayList<>();
  private final long idleNanos;

  IdleSweeper(EventLoops loops, Duration idleTimeout) {
    this.loops = loops;
    this.idleNanos = idleTimeout.toNanos();
    long periodMs = Math.max(100, Math.min(5_000, idleTimeout.toMillis() / 4));
    for (int i = 0; i < loops.size(); i++) {
      List<PusherConnection> list = new ArrayList<>();
      perLoop.add(list);
      loops.get(i).scheduleAtFixedRate(() -> sweep(list), periodMs, periodMs, TimeUnit.MILLISECONDS);
    }
  }

  void add(PusherConnection c) {
    List<PusherConnection> list = perLoop.get(c.loopIndex());
    c.sweepSlot = list.size();
    list.add(c);
  }

  void remove(PusherConnection c) {
    List<PusherConnection> list = perLoop.get(c.loopIndex());
    int slot = c.sweepSlot;
    if (slot < 0 || slot >= list.size() || list.get(slot) != c) return;
    PusherConnection last = list.remove(list.size() - 1);
    if (last != c) {
      list.set(slot, last);
      last.sweepSlot = slot;
    }
    c.sweepSlot = -1;
  }

  private void sweep(List<PusherConnection> list) {
    long now = System.nanoTime();
    for (int i = 0; i < list.size(); i++) {
      PusherConnection c = list.get(i);
      if (now - c.lastActivityNanos() > idleNanos) c.closeWith(4201, null);
    }
  }
}
