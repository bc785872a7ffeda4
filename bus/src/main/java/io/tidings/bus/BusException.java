package io.tidings.bus;

/**
 * A failure the bus absorbed, as given to a {@link BusErrorHandler}: what happened, in words that name the
 * message count and the cause ({@code "Messages dropped: PostgreSQL refused them: 3 (…)"}). Carries no
 * stack trace: it is a report, not a throw site. Immutable.
 */
public final class BusException extends Exception {

  private final long count;

  /**
   * @param message what happened, with its detail
   * @param count   how many messages it concerns (0 when none, such as a lost connection)
   */
  public BusException(String message, long count) {
    super(message, null, false, false);
    this.count = count;
  }

  /** How many messages this failure concerns (dropped, undecodable…), 0 when none. */
  public long count() {
    return count;
  }
}
