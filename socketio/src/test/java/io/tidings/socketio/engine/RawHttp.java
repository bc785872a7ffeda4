package io.tidings.socketio.engine;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, to send exactly what a test means and read exactly what came back: the
 * status line, the headers in order with their case, the body. One connection; requests one at a time.
 */
final class RawHttp implements Closeable {

  /** A response; {@code status} -1 when the connection ended or timed out first. */
  record Response(int status, String statusLine, List<String> headerLines, byte[] body) {

    String header(String name) {
      for (String line : headerLines) {
        int colon = line.indexOf(':');
        if (line.substring(0, colon).equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
      }
      return null;
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The header lines without the ones that change between runs or that the transport adds for CORS. */
    List<String> headerLinesWithout(String... names) {
      List<String> kept = new ArrayList<>();
      outer:
      for (String line : headerLines) {
        String name = line.substring(0, line.indexOf(':')).toLowerCase(Locale.ROOT);
        for (String n : names) {
          if (n.equalsIgnoreCase(name)) continue outer;
        }
        kept.add(line);
      }
      return kept;
    }
  }

  private final Socket socket;
  private final InputStream in;

  RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
  }

  void send(String request) throws IOException {
    send(request.getBytes(StandardCharsets.UTF_8));
  }

  void send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  void readTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  Response response() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    try {
      while (!endsWithBlankLine(head)) {
        int b = in.read();
        if (b < 0) return new Response(-1, "", List.of(), new byte[0]);
        head.write(b);
      }
    } catch (SocketTimeoutException e) {
      return new Response(-1, "", List.of(), new byte[0]);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    List<String> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (!lines[i].isEmpty()) headers.add(lines[i]);
    }
    Response r = new Response(Integer.parseInt(lines[0].split(" ")[1]), lines[0], headers, new byte[0]);
    String length = r.header("content-length");
    byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
    return new Response(r.status(), r.statusLine(), headers, body);
  }

  /** True when the server closes the connection within the read timeout. */
  boolean closedByServer() throws IOException {
    try {
      while (true) {
        if (in.read() < 0) return true;
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static boolean endsWithBlankLine(ByteArrayOutputStream b) {
    byte[] a = b.toByteArray();
    int n = a.length;
    return n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n';
  }

  /** Sends {@code request} on a new connection and reads one response. */
  static Response exchange(int port, String request) throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      http.send(request);
      return http.response();
    }
  }

  static String get(String pathAndQuery, String... headers) {
    return "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + String.join("", headers) + "\r\n";
  }

  static String post(String pathAndQuery, String body, String... headers) {
    return "POST " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + String.join("", headers)
        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
  }

  static String upgrade(String pathAndQuery, String... headers) {
    return "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + String.join("", headers) + "\r\n";
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
