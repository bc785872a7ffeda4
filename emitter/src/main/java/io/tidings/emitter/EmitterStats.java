package io.tidings.emitter;

/**
 * Running totals of one emitter (and of every emitter derived from it with {@code of}, {@code to},
 * {@code on(connection)}…), for metrics. Values only grow, except {@link #queued()}. Live view; every method
 * is thread-safe.
 */
public interface EmitterStats {

  /**
   * Messages PostgreSQL took: through the emitter's own session, committed; on a caller's connection, executed
   * in the caller's transaction (which the caller may still roll back).
   */
  long sent();

  /**
   * Messages that failed: refused by PostgreSQL, never sent within the send timeout (the database unreachable),
   * dropped because the queue was full or the emitter closed, or failed on a caller's connection. Each failure
   * was also reported to the caller, by a failed future or an exception, and never turned into a message.
   */
  long failed();

  /** Messages waiting in the emitter's own session's queue (0 on the JDBC path). */
  long queued();
}
