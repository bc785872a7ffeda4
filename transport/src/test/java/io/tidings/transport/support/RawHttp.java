package io.tidings.transport.support;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what the JDK client will not send (trickled bytes, pipelined
 * requests, hand-made upgrade requests) and for reading exactly what came back.
 */
public final class RawHttp implements Closeable {

  /** A response: status, headers (names lower-cased) and body; status -1 when none came. */
  public record Response(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Socket socket;
  private final InputStream in;

  public RawHttp(int port, int readTimeoutMillis) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(readTimeoutMillis);
    in = socket.getInputStream();
  }

  public void send(String ascii) throws IOException {
    send(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  public void send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  /** True when response bytes are waiting to be read. */
  public boolean hasData() throws IOException {
    return in.available() > 0;
  }

  /** Reads one response (head, then a {@code Content-Length} body); status -1 if the connection ended or timed out first. */
  public Response response() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    try {
      while (!endsWithBlankLine(head)) {
        int b = in.read();
        if (b < 0) return new Response(-1, Map.of(), "");
        head.write(b);
      }
    } catch (SocketTimeoutException e) {
      return new Response(-1, Map.of(), "");
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  /** True when the server closed the connection (a read sees the end) within the read timeout. */
  public boolean closedByServer() throws IOException {
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
  public static Response exchange(int port, String request) throws IOException {
    try (RawHttp http = new RawHttp(port, 10_000)) {
      http.send(request);
      return http.response();
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
