package io.tidings.bus;

/**
 * Why a message given to {@link BusPublisher#send} was not published. In every case but
 * {@link Reason#REFUSED} nothing reached PostgreSQL; a refused statement was rolled back. Either way the
 * message was not delivered and will not be.
 */
public final class BusPublishException extends RuntimeException {

  /** What kept the message from being published. */
  public enum Reason {
    /** The outgoing queue was full; nothing was queued. */
    QUEUE_FULL,
    /** The publisher was shut down (or is shutting down) before the message left. */
    SHUT_DOWN,
    /**
     * The message waited longer than its send timeout without being handed to PostgreSQL (the database
     * was unreachable, or the queue too long); it was withdrawn and will never be sent.
     */
    NOT_SENT_IN_TIME,
    /** PostgreSQL refused the statement that carried it (a real SQL error, not a lost connection). */
    REFUSED
  }

  private final Reason reason;

  public BusPublishException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public BusPublishException(Reason reason, String message) {
    this(reason, message, null);
  }

  public Reason reason() {
    return reason;
  }
}
