package io.tidings.transport.support;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslContext;
import io.tidings.transport.Routes;
import io.tidings.transport.TransportOptions;
import io.tidings.transport.TransportServer;
import io.tidings.transport.fanout.DeliveryListener;
import io.tidings.transport.fanout.Membership;
import io.tidings.transport.fanout.RoomRegistry;
import io.tidings.transport.http.CorsPolicy;
import io.tidings.transport.http.HttpErrors;
import io.tidings.transport.websocket.WebSocketConnection;
import io.tidings.transport.websocket.WebSocketFrames;
import io.tidings.transport.websocket.WebSocketHandler;
import io.tidings.transport.websocket.WebSocketListener;
import io.tidings.transport.websocket.WebSocketOptions;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second protocol on the transport, in a few lines and without a line of Pusher: proof that the
 * engine stands alone.
 *
 * <ul>
 *   <li>HTTP {@code /echo}: answers the body; {@code /later?ms=N}: answers from another thread after N ms;
 *       {@code /boom}: throws. Errors in Engine.IO's shape, {@code {"code":…,"message":…}}.</li>
 *   <li>WebSocket {@code /ws}: accepted from another thread (as after a lookup), refused with Engine.IO's
 *       {@code 400 {"code":3,"message":"Bad request"}} when the query says {@code refuse}. Greets with
 *       {@code loop:<n>}, echoes text and binary, and a text {@code join:<room>} joins the room.</li>
 *   <li>{@link #broadcast}: the union of rooms minus other rooms, a text frame and binary attachments.</li>
 * </ul>
 */
public final class EchoProtocol implements AutoCloseable {

  public final TransportServer server;
  public final RoomRegistry<Membership> rooms;
  /** Open connections, in the order they opened. */
  public final List<WebSocketConnection> connections = new CopyOnWriteArrayList<>();
  /** What the transport counted: violations by reason, dropped frames, slow consumers. */
  public final List<String> violations = new CopyOnWriteArrayList<>();
  public final AtomicInteger dropped = new AtomicInteger();
  public final AtomicInteger slowConsumers = new AtomicInteger();
  /** Requests {@code /later} took (and holds), and those whose client went away before the answer. */
  public final AtomicInteger held = new AtomicInteger();
  public final AtomicInteger abandoned = new AtomicInteger();
  private final ScheduledExecutorService elsewhere = Executors.newSingleThreadScheduledExecutor();

  public static final HttpErrors ENGINE_IO_ERRORS = (status, message) -> json(status,
      "{\"code\":" + status + ",\"message\":\"" + message + "\"}");

  private EchoProtocol(TransportOptions options, CorsPolicy cors, SslContext ssl) {
    server = new TransportServer(options);
    rooms = new RoomRegistry<>(server.loops(), DeliveryListener.NONE);
    WebSocketListener counts = new WebSocketListener() {
      @Override
      public void violation(WebSocketConnection c, String reason) {
        violations.add(reason);
      }

      @Override
      public void frameDropped(WebSocketConnection c) {
        dropped.incrementAndGet();
      }

      @Override
      public void slowConsumerClosed(WebSocketConnection c) {
        slowConsumers.incrementAndGet();
      }
    };
    WebSocketOptions ws = WebSocketOptions.newBuilder().maxFramePayloadBytes(1024).maxMessageBytes(1024).build();
    server.bind(Routes.newBuilder()
        .http("/echo", (req, ex) -> ex.respond(text(req.content().toString(StandardCharsets.UTF_8))))
        .http("/later", (req, ex) -> {
          long ms = Long.parseLong(new QueryStringDecoder(req.uri()).parameters().get("ms").get(0));
          ex.onClose(abandoned::incrementAndGet);
          held.incrementAndGet();
          elsewhere.schedule(() -> ex.respond(text("late")), ms, TimeUnit.MILLISECONDS);
        })
        .http("/boom", (req, ex) -> {
          throw new IllegalStateException("a bug in a handler");
        })
        .webSocket("/ws", (req, handshake) -> {
          if (req.uri().contains("refuse")) {
            handshake.refuse(json(400, "{\"code\":3,\"message\":\"Bad request\"}"));
          } else {
            elsewhere.execute(() -> handshake.accept(Echo::new));
          }
        }, ws, counts)
        .errors(ENGINE_IO_ERRORS)
        .cors(cors)
        .build(), ssl);
  }

  public static EchoProtocol start(TransportOptions.Builder options) {
    return new EchoProtocol(options.host("127.0.0.1").port(0).build(), CorsPolicy.NONE, null);
  }

  public static EchoProtocol start(TransportOptions.Builder options, CorsPolicy cors, SslContext ssl) {
    return new EchoProtocol(options.host("127.0.0.1").port(0).build(), cors, ssl);
  }

  public int port() {
    return server.port();
  }

  /** Sends {@code text} and then {@code attachments} (binary frames) to {@code to} minus {@code except}. Any thread. */
  public void broadcast(Collection<String> to, Collection<String> except, String text, byte[]... attachments) {
    rooms.broadcast(to, except, () -> {
      ByteBuf[] frames = new ByteBuf[1 + attachments.length];
      frames[0] = WebSocketFrames.text(ByteBufAllocator.DEFAULT, text.getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < attachments.length; i++) frames[i + 1] = WebSocketFrames.binary(ByteBufAllocator.DEFAULT, attachments[i]);
      return frames;
    });
  }

  /** One connection's side of the protocol. On its loop. */
  private final class Echo implements WebSocketHandler {
    private final Map<String, Membership> joined = new HashMap<>();

    Echo(WebSocketConnection c) {
      connections.add(c);
      c.sendText(("loop:" + c.loopIndex()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void onText(WebSocketConnection c, ByteBuf content) {
      String text = content.toString(StandardCharsets.UTF_8);
      if (text.startsWith("join:")) {
        String room = text.substring(5);
        joined.computeIfAbsent(room, r -> rooms.join(new Membership(c), r));
        c.sendText(("joined:" + room).getBytes(StandardCharsets.UTF_8));
      } else {
        c.sendText(ByteBufUtil.getBytes(content));
      }
    }

    @Override
    public void onBinary(WebSocketConnection c, ByteBuf content) {
      c.sendBinary(ByteBufUtil.getBytes(content));
    }

    @Override
    public void onClose(WebSocketConnection c) {
      joined.values().forEach(rooms::leave);
      connections.remove(c);
    }
  }

  private static FullHttpResponse text(String body) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    return r;
  }

  private static FullHttpResponse json(int status, String body) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    return r;
  }

  @Override
  public void close() {
    server.close();
    elsewhere.shutdownNow();
  }
}
