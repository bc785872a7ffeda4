package io.tidings.server.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a bare socket, for requests no HTTP client sends: oversized headers, lying lengths, bytes
 * trickled one at a time. Reads one response (status, headers, a {@code Content-Length} body). Loopback
 * only; one request per instance.
 */
public final class RawHttp implements AutoCloseable {

  /** A response; status -1 when none came (the connection closed or the read timed out). */
  public record Response(int status, String head, String body, boolean closedWithoutAnswer, boolean timedOut) {}

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  public RawHttp(int port, int readTimeoutMillis) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(readTimeoutMillis);
    out = socket.getOutputStream();
    in = new java.io.BufferedInputStream(socket.getInputStream());
  }

  /** Sends {@code request} (whole) and reads the answer. */
  public static Response exchange(int port, byte[] request, int readTimeoutMillis) throws IOException {
    try (RawHttp http = new RawHttp(port, readTimeoutMillis)) {
      try {
        http.send(request);
      } catch (IOException e) {
        // The server may answer (413, 431) and close before the whole request is written.
      }
      return http.response();
    }
  }

  public static Response exchange(int port, String request, int readTimeoutMillis) throws IOException {
    return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), readTimeoutMillis);
  }

  public void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Reads one response. */
  public Response response() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    try {
      int last4 = 0;
      while (last4 != 0x0D0A0D0A) {
        int b = in.read();
        if (b < 0) return new Response(-1, head.toString(StandardCharsets.ISO_8859_1), "", true, false);
        head.write(b);
        last4 = (last4 << 8) | b;
      }
      String h = head.toString(StandardCharsets.ISO_8859_1);
      int status = Integer.parseInt(h.substring(9, 12));
      int length = 0;
      for (String line : h.split("\r\n")) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      byte[] body = in.readNBytes(length);
      return new Response(status, h, new String(body, StandardCharsets.UTF_8), false, false);
    } catch (SocketTimeoutException e) {
      return new Response(-1, head.toString(StandardCharsets.ISO_8859_1), "", false, true);
    } catch (IOException e) {
      return new Response(-1, head.toString(StandardCharsets.ISO_8859_1), "", true, false);
    }
  }

  /** True once the server closed the connection (a read returns the end). */
  public boolean closedByServer() {
    try {
      return in.read() < 0;
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
