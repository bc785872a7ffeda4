package io.tidings.transport.support;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A real WebSocket client (Java-WebSocket) that queues what it receives: text as {@code String}, binary
 * as {@code "bin:<utf-8 of the bytes>"}, the close as {@code "close:<code>"}.
 */
public final class QueueingClient extends WebSocketClient {

  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

  private QueueingClient(URI uri) {
    super(uri);
  }

  /** Connects to {@code url} (over {@code tls} when not null) and waits for the open. */
  public static QueueingClient connect(String url, SSLContext tls) {
    QueueingClient c = new QueueingClient(URI.create(url));
    if (tls != null) c.setSocketFactory(tls.getSocketFactory());
    try {
      if (!c.connectBlocking(10, TimeUnit.SECONDS)) throw new AssertionError("could not connect to " + url);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return c;
  }

  public static QueueingClient connect(String url) {
    return connect(url, null);
  }

  /** The next thing received, or an assertion error after 10 s. */
  public String next() {
    try {
      String s = received.poll(10, TimeUnit.SECONDS);
      if (s == null) throw new AssertionError("nothing received within 10 s");
      return s;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next thing received, or null after {@code millis}. */
  public String poll(long millis) throws InterruptedException {
    return received.poll(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void onOpen(ServerHandshake handshake) {}

  @Override
  public void onMessage(String message) {
    received.add(message);
  }

  @Override
  public void onMessage(ByteBuffer bytes) {
    received.add("bin:" + StandardCharsets.UTF_8.decode(bytes));
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    received.add("close:" + code);
  }

  @Override
  public void onError(Exception ex) {}
}
