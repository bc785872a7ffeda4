package io.tidings.emitter;

/**
 * A message the emitter could not publish. Its cause says why: on the JDBC path the {@link java.sql.SQLException}
 * of the caller's connection (the transaction is then aborted and must be rolled back); through the emitter's
 * own session a {@link io.tidings.bus.BusPublishException} whose reason tells whether PostgreSQL refused the
 * statement, the message waited past the send timeout (withdrawn, never sent), the queue was full, or the
 * emitter was closed. In no case was the message delivered, and the emitter never publishes anything about a
 * failure (Node's emitter broadcasts an {@code "error"} event, which fails again, in a loop).
 *
 * <p>Unchecked, so that a failed emit inside a Spring {@code @Transactional} method rolls the transaction
 * back by default.
 */
public final class EmitterException extends RuntimeException {

  public EmitterException(String message, Throwable cause) {
    super(message, cause);
  }
}
