package io.tidings.examples;

import java.util.function.IntSupplier;

/**
 * A started example: listening until {@link #close()}. Owned by whoever started it.
 *
 * <p><b>Threading:</b> {@link #port()} and {@link #close()} from any thread; {@code close} is idempotent.
 */
public interface RunningExample extends AutoCloseable {

  /** The port it listens on (the one asked for, or the one the system chose for port 0). */
  int port();

  /** Stops it: open sessions are closed, then the listener and its threads. */
  @Override
  void close();

  /** A running example told by its port and its way to stop (which must be idempotent). */
  static RunningExample of(IntSupplier port, Runnable close) {
    return new RunningExample() {
      @Override
      public int port() {
        return port.getAsInt();
      }

      @Override
      public void close() {
        close.run();
      }
    };
  }
}
