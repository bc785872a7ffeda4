package io.tidings.socketio.clientdist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One file of the client's {@code dist/}: its bytes as shipped, and the same bytes gzip- and
 * deflate-coded, each made at its first use and kept.
 *
 * <p><b>Threading:</b> thread-safe. Two loops asking for a coding at once may both compress; they make the
 * same bytes and one is kept, so no lock is taken. The first compressed answer of a file compresses it on
 * the asking loop (a few milliseconds for the largest map); every later one reuses the bytes. The arrays
 * returned are shared: never change them.
 */
public final class ClientFile {

  private final String name;
  private final String contentType;
  private final byte[] identity;
  private volatile byte[] gzip;
  private volatile byte[] deflate;

  ClientFile(String name, String contentType, byte[] identity) {
    this.name = name;
    this.contentType = contentType;
    this.identity = identity;
  }

  /** The file's name, {@code socket.io.min.js} say. */
  public String name() {
    return name;
  }

  /** Node's {@code Content-Type}: JavaScript for the scripts, JSON for the source maps, both UTF-8. */
  public String contentType() {
    return contentType;
  }

  /** The bytes in {@code coding}. Shared: do not change them. */
  public byte[] bytes(ContentCoding coding) {
    return switch (coding) {
      case IDENTITY -> identity;
      case GZIP -> {
        byte[] b = gzip;
        if (b == null) gzip = b = compress(coding);
        yield b;
      }
      case DEFLATE -> {
        byte[] b = deflate;
        if (b == null) deflate = b = compress(coding);
        yield b;
      }
    };
  }

  private byte[] compress(ContentCoding coding) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(identity.length / 3);
    try (OutputStream z = coding == ContentCoding.GZIP ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
      z.write(identity);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return out.toByteArray();
  }
}
