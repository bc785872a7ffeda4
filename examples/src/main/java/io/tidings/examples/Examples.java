package io.tidings.examples;

import io.tidings.examples.chat.ChatServer;
import io.tidings.examples.conformance.EngineConformance;
import io.tidings.examples.conformance.SocketConformance;
import io.tidings.examples.differential.DifferentialServer;
import io.tidings.examples.interop.InteropApp;
import java.util.List;
import java.util.Optional;

/** Every example the launcher knows, in the order it lists them. */
public final class Examples {

  public static final List<Example> ALL = List.of(
      new Example("chat",
          "a chat room with its page at / (nickname, messages, who joined and left, who is typing) and the admin UI at /admin-ui/",
          (host, port) -> {
            ChatServer server = ChatServer.start(host, port);
            return RunningExample.of(server::port, server::close);
          }),
      new Example("conformance-engineio",
          "the reference server of the official Engine.IO test suite: an echoing engine at /engine.io/",
          (host, port) -> {
            EngineConformance server = EngineConformance.start(host, port);
            return RunningExample.of(server::port, server::close);
          }),
      new Example("conformance-socketio",
          "the reference server of the official Socket.IO test suite: /socket.io/ with the suite's handlers",
          (host, port) -> {
            SocketConformance server = SocketConformance.start(host, port);
            return RunningExample.of(server::port, server::close);
          }),
      new Example("differential-socketio",
          "the Tidings side of the Node differential (compat/socketio): the handlers of its HANDLERS.md",
          (host, port) -> {
            DifferentialServer server = DifferentialServer.start(host, port);
            return RunningExample.of(server::port, server::close);
          }),
      new Example("interop",
          "a cluster node on PostgreSQL (PGHOST…, SERVER_NAME) beside Node socket.io nodes: issue 13's interop table",
          (host, port) -> {
            InteropApp app = InteropApp.fromEnvironment(host, port);
            return RunningExample.of(app::port, app::close);
          }));

  private Examples() {}

  public static Optional<Example> named(String name) {
    return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
  }
}
