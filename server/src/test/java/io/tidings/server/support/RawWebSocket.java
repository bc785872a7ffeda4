package io.tidings.server.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A bare WebSocket client (Java-WebSocket) for the frames a Pusher library cannot produce or would hide:
 * every received text frame is kept verbatim, in order, with the close code.
 */
public final class RawWebSocket implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WAIT_SECONDS = 10;

  private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final CountDownLatch opened = new CountDownLatch(1);
  private volatile int closeCode = -1;
  private volatile String closeReason;
  private final Client client;

  private final class Client extends WebSocketClient {
    Client(URI uri) {
      super(uri);
    }

    @Override public void onOpen(ServerHandshake h) {
      opened.countDown();
    }

    @Override public void onMessage(String message) {
      frames.add(message);
    }

    @Override public void onMessage(ByteBuffer bytes) {
      frames.add("<binary " + bytes.remaining() + ">");
    }

    @Override public void onClose(int code, String reason, boolean remote) {
      closeCode = code;
      closeReason = reason;
      closed.countDown();
    }

    @Override public void onError(Exception ex) {}
  }

  private RawWebSocket(String url) {
    this.client = new Client(URI.create(url));
  }

  /** Connects and waits for the WebSocket to open (not for any Pusher frame). */
  public static RawWebSocket connect(String url) {
    return connect(url, null);
  }

  /** Connects over TLS ({@code wss://}) trusting what {@code tls} trusts; null for plain sockets. */
  public static RawWebSocket connect(String url, javax.net.ssl.SSLContext tls) {
    RawWebSocket ws = new RawWebSocket(url);
    if (tls != null) ws.client.setSocketFactory(tls.getSocketFactory());
    try {
      // The server may close right after the handshake (refused app): an upgrade that happened counts.
      ws.client.connectBlocking(WAIT_SECONDS, TimeUnit.SECONDS);
      if (ws.opened.getCount() > 0) fail("could not connect to " + url);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    return ws;
  }

  /** Connects and reads {@code pusher:connection_established}; returns the client, socket id available. */
  public static RawWebSocket established(String url) {
    return established(url, null);
  }

  /** {@link #established(String)} over TLS trusting what {@code tls} trusts. */
  public static RawWebSocket established(String url, javax.net.ssl.SSLContext tls) {
    RawWebSocket ws = connect(url, tls);
    JsonNode f = ws.nextJson();
    assertThat(f.path("event").asText()).isEqualTo("pusher:connection_established");
    ws.socketId = ws.dataOf(f).path("socket_id").asText();
    return ws;
  }

  private String socketId;

  /** The socket id from {@code connection_established} (after {@link #established}). */
  public String socketId() {
    return socketId;
  }

  public void send(String text) {
    client.send(text);
  }

  public void sendBinary(byte[] bytes) {
    client.send(bytes);
  }

  /** Sends a frame with a chosen opcode and FIN bit (fragmentation tests). */
  public void sendFrame(Framedata frame) {
    client.sendFrame(frame);
  }

  /** The next text frame, verbatim; fails after 10 s. */
  public String next() {
    try {
      String f = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (f == null) fail("no frame within " + WAIT_SECONDS + " s (closed: " + closeCode + ")");
      return f;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** The next text frame if one arrives within {@code millis}, else null. */
  public String poll(long millis) {
    try {
      return frames.poll(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  public JsonNode nextJson() {
    return parse(next());
  }

  /** Skips frames until one with {@code event}; returns it. */
  public JsonNode nextEvent(String event) {
    while (true) {
      JsonNode f = nextJson();
      if (f.path("event").asText().equals(event)) return f;
    }
  }

  /** The {@code data} of a frame, parsed when it is a JSON string. */
  public JsonNode dataOf(JsonNode frame) {
    JsonNode d = frame.path("data");
    return d.isTextual() ? parse(d.asText()) : d;
  }

  /** Sends {@code pusher:subscribe} for a public channel and returns the reply frame verbatim. */
  public String subscribe(String channel) {
    send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\"}}");
    return next();
  }

  /** Waits for the close; returns its code. */
  public int awaitClose() {
    try {
      if (!closed.await(WAIT_SECONDS, TimeUnit.SECONDS)) fail("not closed within " + WAIT_SECONDS + " s");
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    return closeCode;
  }

  public boolean isOpen() {
    return client.isOpen();
  }

  public String closeReason() {
    return closeReason;
  }

  /** Frames received and not yet read. */
  public int pending() {
    return frames.size();
  }

  @Override
  public void close() {
    try {
      client.closeBlocking();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Parses a frame's text. */
  public static JsonNode parseJson(String frame) {
    return parse(frame);
  }

  static JsonNode parse(String s) {
    try {
      return JSON.readTree(s);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }
}
