package io.tidings.socketio.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A blocking WebSocket client over a plain socket, for fuzzing: it sends exactly the frames it is given
 * (masked, as a client must), reads the server's frames one by one, and tells a close frame from a
 * connection that just ended. One thread; reads time out after {@link #READ_TIMEOUT_MILLIS}.
 */
final class RawWebSocket implements AutoCloseable {

  static final int READ_TIMEOUT_MILLIS = 20_000;
  static final int TEXT = 1;
  static final int BINARY = 2;
  static final int CLOSE = 8;
  static final int PING = 9;
  static final int PONG = 10;

  /** A frame from the server; {@code closeCode} is set for a close frame (1005 without a code). */
  record Frame(int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Opens {@code path} (with its query) on 127.0.0.1:{@code port}; fails unless the server answers 101. */
  static RawWebSocket open(int port, String path) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(READ_TIMEOUT_MILLIS);
    s.setTcpNoDelay(true);
    RawWebSocket ws = new RawWebSocket(s);
    ws.out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    ws.out.flush();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (true) {
      int b = ws.in.read();
      if (b < 0) throw new EOFException("the server closed during the upgrade: " + head);
      head.write(b);
      byte[] h = head.toByteArray();
      int n = h.length;
      if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') break;
    }
    String status = head.toString(StandardCharsets.US_ASCII);
    if (!status.startsWith("HTTP/1.1 101")) {
      s.close();
      throw new IOException("no upgrade: " + status.lines().findFirst().orElse(""));
    }
    return ws;
  }

  void text(String text) throws IOException {
    frame(TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  void binary(byte[] data) throws IOException {
    frame(BINARY, data);
  }

  /** Writes one masked, final frame (unflushed: call {@link #flush()}). */
  void frame(int opcode, byte[] payload) throws IOException {
    int n = payload.length;
    ByteArrayOutputStream f = new ByteArrayOutputStream(n + 14);
    f.write(0x80 | opcode);
    if (n < 126) {
      f.write(0x80 | n);
    } else if (n < 65_536) {
      f.write(0x80 | 126);
      f.write(n >>> 8);
      f.write(n);
    } else {
      f.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) f.write((int) ((long) n >>> shift));
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    f.write(mask, 0, 4);
    byte[] masked = new byte[n];
    for (int i = 0; i < n; i++) masked[i] = (byte) (payload[i] ^ mask[i & 3]);
    f.write(masked, 0, n);
    f.writeTo(out);
  }

  void flush() throws IOException {
    out.flush();
  }

  /** The next frame from the server (a fragmented message is not expected from it: frames come whole). */
  Frame read() throws IOException {
    int b0 = in.read();
    int b1 = in.read();
    if (b0 < 0 || b1 < 0) throw new EOFException("the connection ended");
    long len = b1 & 0x7f;
    if (len == 126) len = (readByte() << 8) | readByte();
    else if (len == 127) {
      len = 0;
      for (int i = 0; i < 8; i++) len = (len << 8) | readByte();
    }
    byte[] payload = in.readNBytes((int) len);
    if (payload.length < len) throw new EOFException("the connection ended inside a frame");
    return new Frame(b0 & 0x0f, payload);
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) throw new EOFException("the connection ended inside a frame header");
    return b;
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
