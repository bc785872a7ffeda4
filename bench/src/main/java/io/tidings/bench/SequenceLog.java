package io.tidings.bench;

import java.util.BitSet;

/**
 * What one receiver saw of one stream of numbered messages: which numbers arrived (a bit set, so loss and
 * duplicates are exact, not estimated), how many arrived after a higher number had (reordered), and how
 * many arrived more than once.
 *
 * <p>Not thread-safe: owned by the receiver's event loop.
 */
public final class SequenceLog {

  private final BitSet seen = new BitSet();
  private long unique;
  private long duplicates;
  private long reordered;
  private long highest = -1;

  /** Records the arrival of message {@code seq} (0-based). */
  public void record(long seq) {
    int i = (int) seq;
    if (seen.get(i)) {
      duplicates++;
    } else {
      seen.set(i);
      unique++;
    }
    if (seq < highest) {
      reordered++;
    } else {
      highest = seq;
    }
  }

  /** Distinct messages received. */
  public long unique() {
    return unique;
  }

  public long duplicates() {
    return duplicates;
  }

  /** Arrivals whose number was lower than one that had already arrived. */
  public long reordered() {
    return reordered;
  }

  /** Messages among the first {@code published} that never arrived. */
  public long lost(long published) {
    if (published <= 0) return 0;
    return published - seen.get(0, (int) published).cardinality();
  }
}
