package io.tidings.examples.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.postgres.PostgresBusConfig;
import io.tidings.socketio.AckTimeoutException;
import io.tidings.socketio.Namespace;
import io.tidings.socketio.SocketIoServer;
import io.tidings.socketio.cluster.PostgresAdapterFactory;
import io.tidings.transport.TransportOptions;
import io.tidings.transport.TransportServer;
import io.tidings.transport.Routes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 13's interop app: a Tidings Socket.IO node that behaves exactly as {@code interop-server.js} (in this
 * module's {@code src/test/node/interop}, Node
 * socket.io 4.8.4 on {@code @socket.io/postgres-adapter} 0.5.0), so Java and Node nodes of one cluster can be
 * driven alike. Namespaces {@code /} and {@code /chat}:
 *
 * <ul>
 *   <li>connection: joins the room {@code handshake.query.room} when non-empty; {@code socket.data =
 *       {server: NAME, room: <room or "">}};</li>
 *   <li>{@code whoami} (ack): acks with NAME; {@code say} (payload): {@code said} to the sender's room, sender
 *       included; {@code shout} (payload): {@code shouted} to the namespace;</li>
 *   <li>{@code sse} (payload, ack): {@code serverSideEmit("ping", payload)} with ack, acks {@code {err,
 *       responses}}; {@code joinRoom} (from, to, ack): {@code in(from).socketsJoin(to)}, acks {@code true};
 *       {@code kick} (room, ack): acks {@code true}, then {@code in(room).disconnectSockets(true)};
 *       {@code ackall} (room, payload, ack): {@code to(room).timeout(3000)} emits {@code ackme}, acks {@code {err,
 *       responses}};</li>
 *   <li>server-side {@code ping} (payload, ack): acks {@code {server: NAME, payload}}.</li>
 * </ul>
 *
 * Connection state recovery is on (2 minutes). Both namespaces listen on the bus before the port opens.
 * {@code ./tidings example interop} runs it ({@link #fromEnvironment}): PostgreSQL from {@code PGHOST PGPORT
 * PGUSER PGPASSWORD PGDATABASE}, the name from {@code SERVER_NAME} (default {@code foreign}), the port from
 * {@code PORT}; SIGTERM stops it cleanly (ADAPTER_CLOSE to the peers, then the bus).
 *
 * <p>Thread-safe: {@link #close} may be called from any thread, once or more.
 */
public final class InteropApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InteropApp.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Duration ACKALL_TIMEOUT = Duration.ofMillis(3_000);
  private static final Duration SSE_TIMEOUT = Duration.ofMillis(5_000);
  static final String DEFAULT_NAME = "foreign";

  private final String name;
  private final SocketIoServer io;
  private final TransportServer transport;
  private final PostgresAdapterFactory cluster;
  private final boolean ownsCluster;

  private InteropApp(String name, SocketIoServer io, TransportServer transport, PostgresAdapterFactory cluster, boolean ownsCluster) {
    this.name = name;
    this.io = io;
    this.transport = transport;
    this.cluster = cluster;
    this.ownsCluster = ownsCluster;
  }

  /**
   * {@code ./tidings example interop}: the app on {@code host:port}, on the PostgreSQL of {@code PGHOST PGPORT
   * PGUSER PGPASSWORD PGDATABASE} (a lease on the process's bus for those settings), named {@code SERVER_NAME}
   * (default {@value #DEFAULT_NAME}).
   */
  public static InteropApp fromEnvironment(String host, int port) {
    Map<String, String> env = System.getenv();
    PostgresBusConfig config = PostgresBusConfig.builder()
        .host(env.getOrDefault("PGHOST", "127.0.0.1"))
        .port(Integer.parseInt(env.getOrDefault("PGPORT", "5432")))
        .user(env.getOrDefault("PGUSER", "postgres"))
        .password(env.getOrDefault("PGPASSWORD", ""))
        .database(env.getOrDefault("PGDATABASE", "postgres"))
        .build();
    String name = env.getOrDefault("SERVER_NAME", DEFAULT_NAME);
    InteropApp app = start(name, PostgresAdapterFactory.start(config), true, port, host);
    log.info("Interop app {} (node {}) on port {}, PostgreSQL {}", name, app.uid(), app.port(), config.describe());
    return app;
  }

  /**
   * Starts the app on {@code cluster} (kept by the caller unless {@code ownsCluster}) on {@code port} of
   * {@code host} (0: any free port); returns once both namespaces listen on the bus and the port is open.
   */
  public static InteropApp start(String name, PostgresAdapterFactory cluster, boolean ownsCluster, int port, String host) {
    SocketIoServer io = SocketIoServer.newBuilder()
        .adapter(cluster)
        .connectionStateRecovery(Duration.ofMinutes(2), true)
        .build();
    serve(io.of("/"), name);
    serve(io.of("/chat"), name);
    TransportServer transport = new TransportServer(TransportOptions.newBuilder().host(host).port(port).build());
    Routes.Builder routes = Routes.newBuilder();
    io.attach(transport, routes);
    try {
      cluster.whenListening().get(30, TimeUnit.SECONDS);
      transport.bind(routes.build(), null);
    } catch (Exception e) {
      io.close();
      transport.close();
      if (ownsCluster) cluster.close();
      throw new IllegalStateException("the interop app did not start: " + e, e);
    }
    return new InteropApp(name, io, transport, cluster, ownsCluster);
  }

  private static void serve(Namespace nsp, String name) {
    nsp.on("connection", socket -> {
      String room = socket.handshake().query().getOrDefault("room", "");
      if (!room.isEmpty()) socket.join(room);
      socket.data(NODES.objectNode().put("server", name).put("room", room));
      socket.on("whoami", (args, ack) -> ack.send(name));
      socket.on("say", (args, ack) -> {
        if (room.isEmpty()) socket.emit("said", args.get(0));
        else nsp.to(room).emit("said", args.get(0));
      });
      socket.on("shout", (args, ack) -> nsp.emit("shouted", args.get(0)));
      socket.on("sse", (args, ack) -> nsp.serverSideEmitWithAck("ping", SSE_TIMEOUT, args.get(0))
          .whenComplete((responses, error) -> ack.send(result(responses, error))));
      socket.on("joinRoom", (args, ack) -> {
        nsp.in(args.getString(0)).socketsJoin(args.getString(1));
        ack.send(true);
      });
      socket.on("kick", (args, ack) -> {
        ack.send(true);
        nsp.in(args.getString(0)).disconnectSockets(true);
      });
      socket.on("ackall", (args, ack) -> nsp.to(args.getString(0)).timeout(ACKALL_TIMEOUT).emitWithAck("ackme", args.get(1))
          .whenComplete((responses, error) -> ack.send(result(responses, error))));
    });
    nsp.on("ping", (args, ack) -> ack.send(NODES.objectNode().put("server", name).set("payload", args.get(0))));
  }

  /** {@code {err: message or null, responses}}, as the Node app's callbacks build it. */
  private static ObjectNode result(List<JsonNode> responses, Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    ObjectNode out = NODES.objectNode();
    if (cause == null) out.putNull("err"); else out.put("err", cause.getMessage());
    ArrayNode list = out.putArray("responses");
    List<JsonNode> got = cause instanceof AckTimeoutException t ? t.responses() : responses;
    if (got != null) got.forEach(list::add);
    return out;
  }

  public String name() {
    return name;
  }

  public int port() {
    return transport.port();
  }

  /** This node's uid on the bus. */
  public String uid() {
    return cluster.bus().uid();
  }

  public SocketIoServer io() {
    return io;
  }

  /** Closes the server (ADAPTER_CLOSE to the peers), the port, and the bus when it owns it. */
  @Override
  public void close() {
    io.close();
    transport.close();
    if (ownsCluster) cluster.close();
  }
}
