package io.tidings.transport.support;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A WebSocket client on a plain socket that writes frames byte by byte as a test needs them (broken ones
 * included) and reads the server's frames as they are. Server frames are never masked; client frames
 * always are, as RFC 6455 requires.
 */
public final class RawWebSocket implements Closeable {

  /** A frame from the server: its first byte's opcode and its payload. */
  public record Frame(int opcode, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The status code of a close frame. */
    public int closeCode() {
      return payload.length < 2 ? 1005 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final Random random = new Random(7);

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /**
   * Connects and performs the opening handshake on {@code path}; {@code receiveBufferBytes} above 0 sets
   * the socket's receive buffer first (to stall a reader quickly).
   */
  public static RawWebSocket open(int port, String path, int receiveBufferBytes) throws IOException {
    Socket s = new Socket();
    if (receiveBufferBytes > 0) s.setReceiveBufferSize(receiveBufferBytes);
    s.connect(new java.net.InetSocketAddress("127.0.0.1", port));
    s.setSoTimeout(10_000);
    RawWebSocket ws = new RawWebSocket(s);
    ws.out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    ws.out.flush();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = ws.in.read();
      if (b < 0) throw new IOException("closed during the handshake: " + head);
      head.write(b);
    }
    if (!head.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 101")) {
      throw new IOException("no upgrade: " + head);
    }
    return ws;
  }

  public static RawWebSocket open(int port, String path) throws IOException {
    return open(port, path, 0);
  }

  /** Sends one frame with {@code firstByte} (FIN, RSV and opcode bits) and {@code payload}, masked. */
  public void sendFrame(int firstByte, byte[] payload) throws IOException {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write(firstByte);
    int n = payload.length;
    if (n < 126) {
      f.write(0x80 | n);
    } else if (n < 65536) {
      f.write(0x80 | 126);
      f.write(n >> 8);
      f.write(n);
    } else {
      f.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) f.write((int) ((long) n >> shift));
    }
    byte[] mask = new byte[4];
    random.nextBytes(mask);
    f.write(mask);
    for (int i = 0; i < n; i++) f.write(payload[i] ^ mask[i % 4]);
    out.write(f.toByteArray());
    out.flush();
  }

  public void sendText(String text) throws IOException {
    sendFrame(0x81, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The next frame from the server. */
  public Frame next() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    long n = b1 & 0x7f;
    if (n == 126) n = in.readUnsignedShort();
    else if (n == 127) n = in.readLong();
    byte[] payload = new byte[(int) n];
    in.readFully(payload);
    return new Frame(b0 & 0x0f, payload);
  }

  /** Skips frames until a close frame, and returns its code; -1 if the connection ended without one. */
  public int awaitCloseCode() throws IOException {
    try {
      while (true) {
        Frame f = next();
        if (f.opcode() == 0x8) return f.closeCode();
      }
    } catch (java.io.EOFException | SocketTimeoutException | java.net.SocketException e) {
      return -1;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
