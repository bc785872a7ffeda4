package io.tidings.examples;

import io.tidings.examples.conformance.EngineConformance;
import java.util.List;
import java.util.Optional;

/** Every example the launcher knows, in the order it lists them. */
public final class Examples {

  public static final List<Example> ALL = List.of(
      new Example("conformance-engineio",
          "the reference server of the official Engine.IO test suite: an echoing engine at /engine.io/",
          (host, port) -> {
            EngineConformance server = EngineConformance.start(host, port);
            return RunningExample.of(server::port, server::close);
          }));

  private Examples() {}

  public static Optional<Example> named(String name) {
    return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
  }
}
