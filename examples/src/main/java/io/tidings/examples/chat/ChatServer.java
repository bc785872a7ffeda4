package io.tidings.examples.chat;

import io.tidings.admin.AdminNamespace;
import io.tidings.admin.AdminOptions;
import io.tidings.admin.auth.AdminAuth;
import io.tidings.admin.socketio.RoomWatchingAdapter;
import io.tidings.admin.ui.AdminUiFiles;
import io.tidings.examples.pages.StaticPages;
import io.tidings.socketio.adapter.InMemoryAdapter;
import io.tidings.socketio.Socket;
import io.tidings.socketio.SocketIoServer;
import io.tidings.transport.Routes;
import io.tidings.transport.TransportOptions;
import io.tidings.transport.TransportServer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code chat}: a small chat room. Its page ({@code /}, static files from the classpath) loads the browser
 * client the server itself serves ({@code /socket.io/socket.io.js}); a visitor picks a nickname and talks.
 *
 * <pre>
 *   client → server   "add user" nickname      → "login" {numUsers} to it, "user joined" {username, numUsers} to the others
 *                     "new message" text       → "new message" {username, message} to the others
 *                     "typing" / "stop typing" → the same, {username}, to the others
 *   disconnect (after "add user")              → "user left" {username, numUsers} to the others
 *   a nickname that is no text of 1 to 32 characters, or a second "add user" → "login error" message
 * </pre>
 *
 * <p>One room for everyone: the main namespace. Messages are cut at {@value #MAX_MESSAGE_CHARS} characters;
 * events from a socket without a nickname are ignored.
 *
 * <p>Instrumented for the Socket.IO Admin UI, which it serves at {@code /admin-ui/} (server URL: the chat's
 * own, user {@code admin}, password {@code changeit} unless {@code ADMIN_PASSWORD_HASH} holds another bcrypt
 * hash): every participant's socket with its nickname, the messages as they go, a button to disconnect.
 *
 * <p><b>Threading:</b> handlers run on the sockets' loops, several at once; the participant count is atomic
 * and each socket's nickname ({@code socket.data}) is written once, by its own handler, before it is read.
 */
public final class ChatServer implements AutoCloseable {

  static final int MAX_NICKNAME_CHARS = 32;
  static final int MAX_MESSAGE_CHARS = 2000;
  static final String PAGES = "io/tidings/examples/chat/public";
  static final List<String> PAGE_FILES = List.of("index.html", "chat.js", "style.css");

  /** What the server sends, in the page's words. */
  record Count(int numUsers) {}

  record Participant(String username, int numUsers) {}

  record Said(String username, String message) {}

  record Typist(String username) {}

  /** "changeit", as in the admin UI's README: the example's admin password unless ADMIN_PASSWORD_HASH says otherwise. */
  static final String CHANGEIT = "$2b$10$heqvAkYMez.Va6Et2uXInOnkCT6/uQj1brkrbyG3LpopDklcq7ZOS";

  private final TransportServer transport;
  private final SocketIoServer io;
  private final AtomicInteger participants = new AtomicInteger();
  private AdminNamespace admin;

  private ChatServer(TransportServer transport, SocketIoServer io) {
    this.transport = transport;
    this.io = io;
  }

  /** Listens on {@code host}:{@code port} (0: any free port). */
  public static ChatServer start(String host, int port) {
    return start(host, port, System.getenv().getOrDefault("ADMIN_PASSWORD_HASH", CHANGEIT));
  }

  /** Listens on {@code host}:{@code port}; the admin UI's password is the one {@code adminPasswordHash} hashes. */
  public static ChatServer start(String host, int port, String adminPasswordHash) {
    // Rooms joined and left are streamed to the admin UI through the adapter's events.
    SocketIoServer io = SocketIoServer.newBuilder().adapter(RoomWatchingAdapter.around(InMemoryAdapter.FACTORY)).build();
    TransportServer transport = new TransportServer(TransportOptions.newBuilder().host(host).port(port).build());
    ChatServer chat = new ChatServer(transport, io);
    try {
      io.on("connection", chat::onConnection);
      Routes.Builder routes = Routes.newBuilder();
      io.attach(transport, routes);
      routes.http("/", new StaticPages(PAGES, PAGE_FILES));
      AdminUiFiles adminUi = AdminUiFiles.at(AdminUiFiles.DEFAULT_PATH);
      routes.http(adminUi.routePrefix(), adminUi);
      transport.bind(routes.build(), null);
      chat.admin = AdminNamespace.instrument(io, AdminOptions.newBuilder(AdminAuth.basic("admin", adminPasswordHash)).build());
      return chat;
    } catch (RuntimeException e) {
      chat.close();
      throw e;
    }
  }

  private void onConnection(Socket socket) {
    socket.on("add user", (args, ack) -> {
      String nickname = args.get(0).isTextual() ? args.get(0).asText().strip() : "";
      if (socket.data() != null) {
        socket.emit("login error", "you already have a nickname");
      } else if (nickname.isEmpty() || nickname.length() > MAX_NICKNAME_CHARS) {
        socket.emit("login error", "a nickname has 1 to " + MAX_NICKNAME_CHARS + " characters");
      } else {
        socket.data(nickname);
        int now = participants.incrementAndGet();
        socket.emit("login", new Count(now));
        socket.broadcast().emit("user joined", new Participant(nickname, now));
      }
    });
    socket.on("new message", (args, ack) -> {
      String nickname = socket.data(String.class);
      if (nickname == null || !args.get(0).isTextual()) return;
      String text = args.get(0).asText();
      if (text.length() > MAX_MESSAGE_CHARS) text = text.substring(0, MAX_MESSAGE_CHARS);
      socket.broadcast().emit("new message", new Said(nickname, text));
    });
    socket.on("typing", (args, ack) -> relay(socket, "typing"));
    socket.on("stop typing", (args, ack) -> relay(socket, "stop typing"));
    socket.on("disconnect", (args, ack) -> {
      String nickname = socket.data(String.class);
      if (nickname != null) socket.broadcast().emit("user left", new Participant(nickname, participants.decrementAndGet()));
    });
  }

  private static void relay(Socket socket, String event) {
    String nickname = socket.data(String.class);
    if (nickname != null) socket.broadcast().emit(event, new Typist(nickname));
  }

  /** The port it listens on. */
  public int port() {
    return transport.port();
  }

  /** Disconnects everyone, then closes the listener. Idempotent. */
  @Override
  public void close() {
    if (admin != null) admin.close();
    io.close();
    transport.close();
  }
}
