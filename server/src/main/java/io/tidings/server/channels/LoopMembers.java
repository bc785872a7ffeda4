package io.tidings.server.channels;

import java.util.Arrays;

/**
 * The subscriptions of one channel that live on one event loop: a dense array with O(1) removal (the
 * last element moves into the hole; each {@link Subscription} remembers its slot). Fan-out walks the
 * array without allocation.
 *
 * <p>Confined to its loop, except {@link #size()}, which other threads read to skip loops with no
 * members (a stale read only costs one empty task).
 */
final class LoopMembers {

  private static final Subscription[] EMPTY = new Subscription[0];

  private Subscription[] items = EMPTY;
  private volatile int size;

  int size() {
    return size;
  }

  Subscription get(int i) {
    return items[i];
  }

  void add(Subscription s) {
    int n = size;
    if (n == items.length) items = Arrays.copyOf(items, Math.max(4, n * 2));
    items[n] = s;
    s.slot = n;
    size = n + 1;
  }

  void remove(Subscription s) {
    int slot = s.slot;
    int last = size - 1;
    if (slot < 0 || slot > last || items[slot] != s) return;
    Subscription moved = items[last];
    items[slot] = moved;
    moved.slot = slot;
    items[last] = null;
    s.slot = -1;
    size = last;
    if (last == 0 && items.length > 16) items = EMPTY;
  }
}
