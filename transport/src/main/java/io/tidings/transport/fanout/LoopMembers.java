package io.tidings.transport.fanout;

import java.util.Arrays;

/**
 * The memberships of one room that live on one event loop: a dense array with O(1) removal (the last
 * element moves into the hole; each {@link Membership} remembers its slot). Fan-out walks the array
 * without allocation.
 *
 * <p><b>Threading:</b> confined to its loop, except {@link #size()}, which other threads read to skip
 * loops with no members (a stale read only costs one empty task, or reaches a member a moment late).
 */
final class LoopMembers {

  private static final Membership[] EMPTY = new Membership[0];

  private Membership[] items = EMPTY;
  private volatile int size;

  int size() {
    return size;
  }

  Membership get(int i) {
    return items[i];
  }

  void add(Membership m) {
    int n = size;
    if (n == items.length) items = Arrays.copyOf(items, Math.max(4, n * 2));
    items[n] = m;
    m.slot = n;
    size = n + 1;
  }

  void remove(Membership m) {
    int slot = m.slot;
    int last = size - 1;
    if (slot < 0 || slot > last || items[slot] != m) return;
    Membership moved = items[last];
    items[slot] = moved;
    moved.slot = slot;
    items[last] = null;
    m.slot = -1;
    size = last;
    if (last == 0 && items.length > 16) items = EMPTY;
  }
}
