package io.tidings.testing.http;

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
 * HTTP/1.1 over a plain socket to {@code 127.0.0.1}, for what the JDK client will not send (trickled bytes,
 * pipelined requests, hand-made upgrade requests, exact header case) and for reading exactly what came back:
 * the status line, the header lines in order with their case, the body ({@code Content-Length} bytes).
 * {@link #get}, {@link #post} and {@link #upgrade} build the usual requests as text.
 *
 * <p>One connection, requests one at a time. <b>Threading:</b> not thread-safe; one test thread owns an
 * instance and closes it, which closes the socket.
 */
public final class RawHttp implements Closeable {

  /** The read timeout of {@link #RawHttp(int)} and {@link #exchange}. */
  public static final int READ_TIMEOUT_MILLIS = 10_000;

  /** How a {@link #response()} read ended. */
  public enum Ending {
    /** A whole response came. */
    ANSWERED,
    /** The server closed (or reset) the connection before a response's head was complete. */
    CLOSED,
    /** Nothing more came within the read timeout. */
    TIMED_OUT
  }

  /**
   * A response; {@code status} -1 when the connection ended or the read timed out first, and then
   * {@link #ending} says which ({@code statusLine} holds what of the head had come).
   */
  public record Response(int status, String statusLine, List<String> headerLines, byte[] body, Ending ending) {

    /** The value of the first header so named (any case), trimmed; null when there is none. */
    public String header(String name) {
      for (String line : headerLines) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
      }
      return null;
    }

    /** No response: the server closed the connection first. */
    public boolean closedWithoutAnswer() {
      return ending == Ending.CLOSED;
    }

    /** No response within the read timeout. */
    public boolean timedOut() {
      return ending == Ending.TIMED_OUT;
    }

    /** The body as UTF-8 text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The header lines without those named (any case): the ones that change between runs, or CORS's. */
    public List<String> headerLinesWithout(String... names) {
      List<String> kept = new ArrayList<>();
      outer:
      for (String line : headerLines) {
        String name = line.substring(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
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

  /** A connection to {@code 127.0.0.1:port} whose reads time out after {@link #READ_TIMEOUT_MILLIS}. */
  public RawHttp(int port) throws IOException {
    this(port, READ_TIMEOUT_MILLIS);
  }

  /** A connection to {@code 127.0.0.1:port} whose reads time out after {@code readTimeoutMillis}. */
  public RawHttp(int port, int readTimeoutMillis) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(readTimeoutMillis);
    in = socket.getInputStream();
  }

  /** Sends {@code request} as UTF-8 (which is ASCII for ASCII text). */
  public void send(String request) throws IOException {
    send(request.getBytes(StandardCharsets.UTF_8));
  }

  public void send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  /** Changes the read timeout of the next reads. */
  public void readTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  /** True when response bytes are waiting to be read. */
  public boolean hasData() throws IOException {
    return in.available() > 0;
  }

  /**
   * Reads one response (head, then a {@code Content-Length} body); status -1 if the connection ended (a close
   * or a reset) or the read timed out before the head was complete, with {@link Response#ending} saying which.
   */
  public Response response() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    try {
      while (!endsWithBlankLine(head)) {
        int b = in.read();
        if (b < 0) return none(head, Ending.CLOSED);
        head.write(b);
      }
    } catch (SocketTimeoutException e) {
      return none(head, Ending.TIMED_OUT);
    } catch (IOException reset) {
      return none(head, Ending.CLOSED);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    List<String> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (!lines[i].isEmpty()) headers.add(lines[i]);
    }
    Response r = new Response(Integer.parseInt(lines[0].split(" ")[1]), lines[0], List.copyOf(headers), new byte[0], Ending.ANSWERED);
    String length = r.header("content-length");
    byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
    return new Response(r.status(), r.statusLine(), r.headerLines(), body, Ending.ANSWERED);
  }

  private static Response none(ByteArrayOutputStream partialHead, Ending ending) {
    return new Response(-1, partialHead.toString(StandardCharsets.ISO_8859_1), List.of(), new byte[0], ending);
  }

  /** True when the server closes the connection (a read sees the end, or a reset) within the read timeout. */
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
    try (RawHttp http = new RawHttp(port)) {
      http.send(request);
      return http.response();
    }
  }

  /**
   * Sends {@code request} on a new connection whose reads time out after {@code readTimeoutMillis} and reads one
   * response, even when the send failed part-way: a server may answer (413, 431) and close before the whole
   * request is written.
   */
  public static Response exchange(int port, byte[] request, int readTimeoutMillis) throws IOException {
    try (RawHttp http = new RawHttp(port, readTimeoutMillis)) {
      try {
        http.send(request);
      } catch (IOException refusedMidway) {
        // the answer, if any, is already on its way
      }
      return http.response();
    }
  }

  /** {@code GET pathAndQuery} with {@code Host: 127.0.0.1} and {@code headers} (each ending in CRLF). */
  public static String get(String pathAndQuery, String... headers) {
    return "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + String.join("", headers) + "\r\n";
  }

  /** {@code POST pathAndQuery} of {@code body} (its UTF-8 length as {@code Content-Length}) with {@code headers}. */
  public static String post(String pathAndQuery, String body, String... headers) {
    return "POST " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + String.join("", headers)
        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
  }

  /** A WebSocket upgrade request for {@code pathAndQuery} (RFC 6455's sample key) with {@code headers}. */
  public static String upgrade(String pathAndQuery, String... headers) {
    return "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + String.join("", headers) + "\r\n";
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
