package io.tidings.bench.targets;

import io.tidings.bus.postgres.PostgresBusConfig;
import io.tidings.socketio.SocketIoServer;
import io.tidings.socketio.cluster.PostgresAdapterFactory;
import io.tidings.socketio.cluster.PostgresAdapterOptions;
import io.tidings.transport.TransportOptions;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Tidings' Socket.IO server as the bench measures it: {@link SocketIoServer} with Node's defaults (the
 * builder's) and the same three handlers as the peers ({@code bench/peers/socketio/single.js},
 * {@code bench/peers/netty-socketio}): every socket joins the room {@code bench} on connect;
 * {@code publish} (a string) is emitted as {@code bench} to that room, the sender excepted; {@code ack}
 * (a string) is acknowledged with the same string. Listens on 127.0.0.1 at {@code PORT}. Run as its own
 * process by the bench ({@code SocketIoTarget.TIDINGS}, {@code SocketIoClusterTarget}), stopped by SIGTERM.
 *
 * <p>With {@code PGDATABASE} set it is a cluster node on the PostgreSQL adapter with Node's default
 * options ({@code PGHOST}, {@code PGPORT}, {@code PGUSER} as libpq reads them), as the Node peer
 * {@code bench/peers/socketio/server.js} is.
 */
public final class SocketIoBenchServer {

  private static final String ROOM = "bench";

  private SocketIoBenchServer() {}

  /** The bench server on 127.0.0.1:{@code port} (0: any free port; {@link SocketIoServer#port()} says which). */
  public static SocketIoServer start(int port) {
    return start(port, SocketIoServer.newBuilder());
  }

  private static SocketIoServer start(int port, SocketIoServer.Builder builder) {
    SocketIoServer io = builder.build();
    io.on("connection", socket -> {
      socket.join(ROOM);
      socket.on("publish", (data, ack) -> socket.to(ROOM).emit(ROOM, data.getString(0)));
      socket.on("ack", (data, ack) -> ack.send(data.getString(0)));
    });
    io.listen(TransportOptions.newBuilder().host("127.0.0.1").port(port)
        .maxRequestBodyBytes(Math.max(TransportOptions.DEFAULT_MAX_REQUEST_BODY_BYTES, io.options().engine().maxHttpBufferSize()))
        .build());
    return io;
  }

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = System.getenv();
    int port = Integer.parseInt(env.get("PORT"));
    PostgresAdapterFactory cluster = env.containsKey("PGDATABASE")
        ? PostgresAdapterFactory.start(PostgresAdapterOptions.DEFAULTS.applyTo(PostgresBusConfig.builder()
            .host(env.getOrDefault("PGHOST", "127.0.0.1")).port(Integer.parseInt(env.getOrDefault("PGPORT", "5432")))
            .database(env.get("PGDATABASE")).user(env.getOrDefault("PGUSER", "postgres"))
            .password(env.getOrDefault("PGPASSWORD", ""))).build())
        : null;
    SocketIoServer.Builder builder = SocketIoServer.newBuilder();
    if (cluster != null) builder.adapter(cluster);
    SocketIoServer io = start(port, builder);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      io.close();
      if (cluster != null) cluster.close(); // after the server, as the factory asks
      stopped.countDown();
    }, "stop"));
    System.out.println("Tidings Socket.IO bench server listening on 127.0.0.1:" + port);
    stopped.await();
  }
}
