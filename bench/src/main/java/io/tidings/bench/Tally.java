package io.tidings.bench;

/**
 * Loss, duplicates and order summed over every receiver of a measurement step: with {@code published}
 * messages accepted by the server and {@code receivers} subscribers, {@code published × receivers}
 * deliveries are expected.
 *
 * <p>Immutable.
 */
public record Tally(long expected, long delivered, long lost, long duplicates, long reordered) {

  public static final Tally EMPTY = new Tally(0, 0, 0, 0, 0);

  /** Adds one receiver's log of a stream of which {@code published} messages were accepted. */
  public Tally plus(SequenceLog log, long published) {
    return new Tally(expected + published, delivered + log.unique(), lost + log.lost(published),
        duplicates + log.duplicates(), reordered + log.reordered());
  }

  /** Adds a receiver that saw nothing of a stream of {@code published} messages. */
  public Tally plusMissing(long published) {
    return new Tally(expected + published, delivered, lost + published, duplicates, reordered);
  }

  public Tally plus(Tally o) {
    return new Tally(expected + o.expected, delivered + o.delivered, lost + o.lost, duplicates + o.duplicates,
        reordered + o.reordered);
  }

  /** True when every expected message arrived once. */
  public boolean complete() {
    return lost == 0 && duplicates == 0;
  }

  /** Reordered arrivals as a fraction of deliveries. */
  public double reorderedFraction() {
    return delivered == 0 ? 0 : (double) reordered / delivered;
  }
}
