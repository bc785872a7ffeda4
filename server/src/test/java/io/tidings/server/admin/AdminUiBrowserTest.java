package io.tidings.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.admin.AdminNamespace;
import io.tidings.admin.AdminOptions;
import io.tidings.admin.auth.AdminAuth;
import io.tidings.admin.cluster.BusRelay;
import io.tidings.admin.socketio.RoomWatchingAdapter;
import io.tidings.admin.socketio.SocketIoInstrumented;
import io.tidings.bus.Bus;
import io.tidings.bus.postgres.PostgresBus;
import io.tidings.bus.postgres.PostgresBusConfig;
import io.tidings.server.support.ServerProcess;
import io.tidings.server.support.TestServer;
import io.tidings.socketio.SocketIoServer;
import io.tidings.socketio.adapter.InMemoryAdapter;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import io.tidings.testing.browser.ChromiumDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Socket.IO Admin UI, as Tidings serves it, in a real browser: Debian's {@code chromium} driven by
 * {@code playwright-core}. The cluster: two Pusher nodes (processes) and a Tidings Socket.IO server, on one
 * PostgreSQL; the UI is served by the first Pusher node, {@code pusher-js} is connected to the second,
 * {@code socket.io-client} to the Socket.IO server. The browser logs in (wrong credentials first: refused),
 * sees the three servers, both clients' sockets and their rooms (a Pusher presence channel, a Socket.IO
 * room), an event of each in the stream, and disconnects both sockets, which their clients see.
 * {@code src/test/node/admin-ui/e2e.js} does the driving; the npm packages are installed into
 * {@code target/admin-ui-e2e}; screenshots land in {@code target/admin-ui-screenshots}.
 *
 * <p>Skipped, saying why, when {@code /usr/bin/chromium} or {@code node} is missing
 * ({@code apt-get install -y chromium}).
 */
@Tag("postgres")
class AdminUiBrowserTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final ChromiumDriver DRIVER = ChromiumDriver.of(Path.of("src/test/node/admin-ui"), Path.of("target/admin-ui-e2e"),
      "pusher-js", "socket.io-client");
  static final Path SCREENSHOTS = Path.of("target/admin-ui-screenshots");

  @Test
  void aBrowserSeesTheClusterItsClientsAndEventsAndDisconnectsThem() throws Exception {
    ChromiumDriver.assumeInstalled("the admin UI");
    DRIVER.install();
    PgTarget db = TestPostgres.newDatabase();
    Map<String, String> env = new HashMap<>(db.soketiEnv());
    env.put("SOKETI_ADAPTER_DRIVER", "postgres");
    env.put("SOKETI_ADMIN_UI_ENABLED", "true");
    env.put("SOKETI_ADMIN_UI_PASSWORD_HASH", PusherAdminModelTest.CHANGEIT);
    env.put("SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES", "true");
    env.put("SOKETI_ADMIN_UI_SERVER_ID", "tidings-pusher-1");
    try (ServerProcess pusher1 = ServerProcess.start(env);
         ServerProcess pusher2 = ServerProcess.start(withServerId(env, "tidings-pusher-2"));
         SocketIoNode socketIo = SocketIoNode.start(db, "tidings-socketio-1")) {
      String ui = "http://127.0.0.1:" + pusher1.port();
      ObjectNode cfg = JSON.createObjectNode();
      cfg.put("uiUrl", ui + "/admin-ui/");
      cfg.put("serverUrl", ui);
      cfg.put("username", "admin");
      cfg.put("password", "changeit");
      cfg.put("wrongPassword", "changeme");
      cfg.putArray("servers").add("tidings-pusher-1").add("tidings-pusher-2").add("tidings-socketio-1");
      // pusher-js on the second node: the UI, served by the first, shows it through the cluster.
      cfg.putObject("pusher").put("port", pusher2.port()).put("key", TestServer.APP_KEY).put("secret", TestServer.APP_SECRET)
          .put("namespace", "/" + TestServer.APP_ID);
      cfg.putObject("socketio").put("url", "http://127.0.0.1:" + socketIo.port()).put("room", "lobby");
      cfg.put("screenshots", SCREENSHOTS.toAbsolutePath().toString());
      List<JsonNode> steps = run(cfg);
      List<String> names = steps.stream().map(s -> s.path("step").asText()).toList();
      assertThat(names).containsSubsequence("pusher-js connected", "socket.io-client connected", "wrong credentials refused",
          "logged in", "servers shown", "pusher-js socket shown", "socket.io-client socket shown",
          "pusher channel shown as a room", "socket.io room shown", "pusher client event in the stream",
          "socket.io event in the stream", "pusher-js disconnected from the UI", "socket.io-client disconnected from the UI",
          "done");
      JsonNode sioGone = steps.stream().filter(s -> s.path("step").asText().equals("socket.io-client disconnected from the UI"))
          .findFirst().orElseThrow();
      assertThat(sioGone.path("reason").asText()).isEqualTo("io server disconnect");
      assertThat(Files.size(SCREENSHOTS.resolve("admin-ui-dashboard.png"))).isPositive();
    }
  }

  static Map<String, String> withServerId(Map<String, String> env, String id) {
    Map<String, String> copy = new HashMap<>(env);
    copy.put("SOKETI_ADMIN_UI_SERVER_ID", id);
    return copy;
  }

  /**
   * A Tidings Socket.IO server on the cluster's database, instrumented for the admin UI over the bus: it
   * joins the Pusher nodes' admin namespace and shows its own sockets. Its clients join the room named by
   * their {@code room} query parameter.
   */
  static final class SocketIoNode implements AutoCloseable {
    final Bus bus;
    final SocketIoServer io;
    final AdminNamespace admin;
    final int port;

    private SocketIoNode(Bus bus, SocketIoServer io, AdminNamespace admin, int port) {
      this.bus = bus;
      this.io = io;
      this.admin = admin;
      this.port = port;
    }

    static SocketIoNode start(PgTarget db, String serverId) throws Exception {
      Bus bus = PostgresBus.start(PostgresBusConfig.builder().host(db.host()).port(db.port()).database(db.database())
          .user(db.user()).password(db.password()).build()).get(30, TimeUnit.SECONDS);
      SocketIoServer io = SocketIoServer.newBuilder().adapter(RoomWatchingAdapter.around(InMemoryAdapter.FACTORY)).build();
      io.on("connection", socket -> {
        String room = socket.handshake().query().get("room");
        if (room != null) socket.join(room);
      });
      int port = io.listen(0);
      AdminNamespace admin = AdminNamespace.instrument(io, new SocketIoInstrumented(io, AdminOptions.DEFAULT_NAMESPACE),
          AdminOptions.newBuilder(AdminAuth.basic("admin", PusherAdminModelTest.CHANGEIT)).serverId(serverId)
              .relay(BusRelay.over(bus)).build());
      return new SocketIoNode(bus, io, admin, port);
    }

    int port() {
      return port;
    }

    @Override
    public void close() throws Exception {
      admin.close();
      io.close();
      bus.shutdown().get(10, TimeUnit.SECONDS);
    }
  }

  /** Runs the driver with {@code cfg}; its steps, or a failure with everything it printed. */
  static List<JsonNode> run(ObjectNode cfg) throws IOException, InterruptedException {
    String printed = DRIVER.run(Map.of("E2E", cfg.toString()), Duration.ofMinutes(4));
    List<JsonNode> steps = new ArrayList<>();
    for (String line : printed.lines().toList()) {
      if (line.startsWith("{")) steps.add(JSON.readTree(line));
    }
    return steps;
  }
}
