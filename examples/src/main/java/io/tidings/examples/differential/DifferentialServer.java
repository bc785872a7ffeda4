package io.tidings.examples.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.socketio.Args;
import io.tidings.socketio.ConnectError;
import io.tidings.socketio.Socket;
import io.tidings.socketio.SocketIoServer;
import io.tidings.socketio.parser.MsgpackParser;
import io.tidings.transport.TransportOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code differential-socketio}: the Tidings side of the Node differential ({@code compat/socketio}), with the
 * handlers of its {@code HANDLERS.md}, which its {@code node-server.js} gives Node socket.io 4.8.4
 * ({@code PARSER=msgpack} in the environment: the msgpack parser, as Node's there). Written
 * with the public API only, as an application would; each handler says in a line what Node's does.
 *
 * <p><b>Threading:</b> the handlers run on the sockets' loops and keep no state of their own.
 */
public final class DifferentialServer implements AutoCloseable {

  static final Duration QUESTION_TIMEOUT = Duration.ofMillis(2000);
  static final Pattern DYNAMIC = Pattern.compile("^/dyn-\\d+$");

  private final SocketIoServer io;
  private final int port;

  private DifferentialServer(SocketIoServer io, int port) {
    this.io = io;
    this.port = port;
  }

  /** Listens on {@code host}:{@code port} (0: any free port). */
  public static DifferentialServer start(String host, int port) {
    SocketIoServer.Builder builder = SocketIoServer.newBuilder(); // serveClient on, as Node's default
    if ("msgpack".equals(System.getenv("PARSER"))) builder.parser(new MsgpackParser());
    SocketIoServer io = builder.build();
    io.use((socket, next) -> {
      if ("bad".equals(socket.handshake().auth().path("token").asText(null))) {
        next.fail(new ConnectError("not authorized", Map.of("code", 42)));
      } else {
        next.proceed();
      }
    });
    io.on("connection", (Socket socket) -> handlers(io, socket));
    io.of("/custom").on("connection", DifferentialServer::welcome);
    io.of(DYNAMIC).on("connection", DifferentialServer::welcome);
    int bound = io.listen(TransportOptions.newBuilder().host(host).port(port).build());
    return new DifferentialServer(io, bound);
  }

  private static void welcome(Socket socket) {
    ObjectNode w = JsonNodeFactory.instance.objectNode();
    w.set("auth", socket.handshake().auth());
    String q = socket.handshake().query().get("q");
    if (q == null) w.putNull("query"); else w.put("query", q);
    w.put("nsp", socket.nsp().name());
    socket.emit("welcome", w);
  }

  private static void handlers(SocketIoServer io, Socket socket) {
    welcome(socket);
    // socket.on("echo", (...args) => socket.emit("echo-back", ...args))
    socket.on("echo", (args, ack) -> socket.emit("echo-back", all(args)));
    // socket.on("ack", (...args) => args.pop()(...args))
    socket.on("ack", (args, ack) -> ack.send(all(args)));
    // await socket.timeout(2000).emitWithAck("question", payload), then "answered" or "answered-error"
    socket.on("ask-me", (args, ack) -> socket.timeout(QUESTION_TIMEOUT).emitWithAck("question", args.get(0))
        .whenComplete((answer, error) -> {
          if (error == null) {
            socket.emit("answered", answer.get(0));
          } else {
            socket.emit("answered-error", (error.getCause() != null ? error.getCause() : error).getMessage());
          }
        }));
    socket.on("join", (args, ack) -> {
      socket.join(args.getString(0));
      ack.send(rooms(socket));
    });
    socket.on("leave", (args, ack) -> {
      socket.leave(args.getString(0));
      ack.send(rooms(socket));
    });
    socket.on("to-room", (args, ack) -> socket.to(args.getString(0)).emit("room-message", rest(args)));
    socket.on("to-room-all", (args, ack) -> io.to(args.getString(0)).emit("room-message", rest(args)));
    socket.on("broadcast", (args, ack) -> socket.broadcast().emit("broadcasted", all(args)));
    socket.on("count-room", (args, ack) -> io.in(args.getString(0)).fetchSockets().thenAccept(s -> ack.send(s.size())));
    socket.on("disconnect-me", (args, ack) -> socket.disconnect(false));
    socket.on("close-me", (args, ack) -> socket.disconnect(true));
    socket.onAny((event, args) -> {
      if (event.startsWith("any-")) socket.emit("heard-any", event, args.size());
    });
    socket.on("disconnect", (args, ack) -> io.to("watchers").emit("left", args.get(0)));
  }

  /** The socket's rooms but its own, sorted (what Node's handler acks). */
  private static List<String> rooms(Socket socket) {
    return socket.rooms().stream().filter(r -> !r.equals(socket.id())).sorted().toList();
  }

  private static Object[] all(Args args) {
    return args.toList().toArray();
  }

  private static Object[] rest(Args args) {
    List<JsonNode> list = args.toList();
    return list.isEmpty() ? new Object[0] : Arrays.copyOfRange(list.toArray(), 1, list.size());
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    io.close();
  }
}
