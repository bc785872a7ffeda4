package io.tidings.server.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a bare TCP socket that writes whatever bytes it is told to: frames with any
 * opcode, reserved bits, mask or length, fragments in any order. What no WebSocket library will send,
 * for fuzzing. It reads the server's frames one at a time ({@link #read}). Loopback only; not
 * thread-safe (one fuzzing thread per socket).
 */
public final class RawFrameSocket implements AutoCloseable {

  public static final int CONTINUATION = 0x0;
  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CLOSE = 0x8;
  public static final int PING = 0x9;
  public static final int PONG = 0xA;

  /** A frame from the server. */
  public record Frame(int opcode, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The close code of a close frame, or 1005 when it has none. */
    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawFrameSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024);
    this.out = new java.io.BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
  }

  /** Connects to {@code 127.0.0.1:port} and performs the upgrade at {@code path}; fails unless 101. */
  public static RawFrameSocket open(int port, String path) throws IOException {
    return open(port, path, 0);
  }

  /**
   * As {@link #open(int, String)}, with a receive buffer of {@code receiveBufferBytes} (0: the system's),
   * set before connecting so that the window is small from the start: a client that then stops reading
   * fills up fast.
   */
  public static RawFrameSocket open(int port, String path, int receiveBufferBytes) throws IOException {
    Socket s = new Socket();
    if (receiveBufferBytes > 0) s.setReceiveBufferSize(receiveBufferBytes);
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    s.setSoTimeout(15_000);
    s.setTcpNoDelay(true);
    RawFrameSocket ws = new RawFrameSocket(s);
    byte[] key = new byte[16];
    ThreadLocalRandom.current().nextBytes(key);
    String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n";
    ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
    ws.out.flush();
    String head = ws.readHead();
    if (!head.startsWith("HTTP/1.1 101")) {
      s.close();
      throw new IOException("no upgrade: " + head.lines().findFirst().orElse(""));
    }
    return ws;
  }

  /** A client frame as RFC 6455 wants it: FIN set, masked. */
  public static byte[] frame(int opcode, byte[] payload) {
    return frame(true, 0, opcode, true, payload);
  }

  /** Any frame: FIN bit, reserved bits (0–7), opcode, masked or not. */
  public static byte[] frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(payload.length + 14);
    b.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | (opcode & 0xF));
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      b.write(maskBit | payload.length);
    } else if (payload.length < 65_536) {
      b.write(maskBit | 126);
      b.write(payload.length >> 8);
      b.write(payload.length);
    } else {
      b.write(maskBit | 127);
      long n = payload.length;
      for (int shift = 56; shift >= 0; shift -= 8) b.write((int) (n >> shift));
    }
    if (masked) {
      byte[] mask = new byte[4];
      ThreadLocalRandom.current().nextBytes(mask);
      b.writeBytes(mask);
      byte[] masked2 = new byte[payload.length];
      for (int i = 0; i < payload.length; i++) masked2[i] = (byte) (payload[i] ^ mask[i & 3]);
      b.writeBytes(masked2);
    } else {
      b.writeBytes(payload);
    }
    return b.toByteArray();
  }

  /** Sends one text frame at once. */
  public void sendText(String text) throws IOException {
    write(frame(TEXT, text.getBytes(StandardCharsets.UTF_8)));
    flush();
  }

  /** Writes raw bytes (buffered; see {@link #flush}). */
  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
  }

  public void flush() throws IOException {
    out.flush();
  }

  /** The next frame from the server; {@link EOFException} when the connection ended. */
  public Frame read() throws IOException {
    int b0 = in.read();
    int b1 = in.read();
    if (b0 < 0 || b1 < 0) throw new EOFException();
    long len = b1 & 0x7F;
    if (len == 126) {
      len = (readByte() << 8) | readByte();
    } else if (len == 127) {
      len = 0;
      for (int i = 0; i < 8; i++) len = (len << 8) | readByte();
    }
    if (len > 16 * 1024 * 1024) throw new IOException("absurd frame length " + len);
    byte[] payload = in.readNBytes((int) len);
    if (payload.length < len) throw new EOFException();
    return new Frame(b0 & 0x0F, payload);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) throw new EOFException();
    return b;
  }

  private String readHead() throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) throw new EOFException("closed during the handshake: " + head);
      head.append((char) b);
    }
    return head.toString();
  }
}
