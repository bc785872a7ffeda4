package io.tidings.socketio.engine;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client (the JDK's) that records what the server sent, as lines: {@code text:<text>},
 * {@code binary:<hex>}, {@code close:<code>}, {@code error:<message>}.
 */
final class WsClient implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  final WebSocket socket;

  private WsClient(URI uri) {
    socket = HTTP.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
      private final StringBuilder text = new StringBuilder();
      private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
          received.add("text:" + text);
          text.setLength(0);
        }
        ws.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        binary.writeBytes(b);
        if (last) {
          received.add("binary:" + HexFormat.of().formatHex(binary.toByteArray()));
          binary.reset();
        }
        ws.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        received.add("close:" + statusCode);
        return null;
      }

      @Override
      public void onError(WebSocket ws, Throwable error) {
        received.add("error:" + error);
      }
    }).join();
  }

  static WsClient open(int port, String query) {
    return new WsClient(URI.create("ws://127.0.0.1:" + port + EngineOptions.BARE_ENGINE_PATH + "?" + query));
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  void send(byte[] bytes) {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
  }

  /** The next thing the server sent; fails after 10 s. */
  String next() throws InterruptedException {
    String s = received.poll(10, TimeUnit.SECONDS);
    if (s == null) throw new AssertionError("nothing from the server within 10 s");
    return s;
  }

  /** The next thing the server sent within {@code millis}, or null. */
  String poll(long millis) throws InterruptedException {
    return received.poll(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    socket.abort();
  }
}
