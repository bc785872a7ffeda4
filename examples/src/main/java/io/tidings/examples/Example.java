package io.tidings.examples;

/**
 * One runnable example: its name on the command line ({@code ./tidings example NAME}), a line saying what it
 * shows, and how to start it. Immutable.
 */
public record Example(String name, String summary, Starter starter) {

  /** Starts an example on the given address; the caller owns what it returns and closes it. */
  @FunctionalInterface
  public interface Starter {
    RunningExample start(String host, int port) throws Exception;
  }
}
