package io.tidings.server.config;

import java.util.List;

/** The configuration is invalid; the message names every offending variable. Start-up stops. */
public final class ConfigException extends RuntimeException {

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  /** One line per problem, each naming the variable (or config-file key) at fault. */
  public List<String> problems() {
    return problems;
  }
}
