package io.tidings.socketio;

import io.socket.engineio.client.Socket;
import io.tidings.testing.socketio.SocketIoClient;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;

/**
 * A Socket.IO client written by hand over the Java Engine.IO client ({@code engine.io-client} 2.1.0): the
 * test sends Socket.IO packets as text ({@code 40{"token":"x"}}) and reads exactly what the server wrote, for
 * golden tests and for input no real client sends.
 */
final class RawClient implements AutoCloseable {

  final Socket engine;
  final List<String> heard = new CopyOnWriteArrayList<>();
  private int read;

  private RawClient(Socket engine) {
    this.engine = engine;
    engine.on(Socket.EVENT_MESSAGE, a -> heard.add(a[0] instanceof byte[] b ? "<" + HexFormat.of().formatHex(b) + ">" : (String) a[0]));
    engine.on(Socket.EVENT_CLOSE, a -> heard.add("close " + a[0]));
  }

  static RawClient open(int port, String transport) {
    Socket.Options o = new Socket.Options();
    o.path = "/socket.io";
    o.transports = new String[] {transport};
    RawClient c = new RawClient(new Socket(java.net.URI.create("http://127.0.0.1:" + port), o));
    List<String> opened = new CopyOnWriteArrayList<>();
    c.engine.on(Socket.EVENT_OPEN, a -> opened.add("open"));
    c.engine.open();
    Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> !opened.isEmpty());
    return c;
  }

  void send(String text) {
    engine.send(text);
  }

  void send(byte[] binary) {
    engine.send(binary);
  }

  /** The next message (or {@code "close <reason>"}) after the last one returned; waits for it. */
  synchronized String next() {
    Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> heard.size() > read);
    return heard.get(read++);
  }

  @Override
  public void close() {
    engine.close();
  }
}
