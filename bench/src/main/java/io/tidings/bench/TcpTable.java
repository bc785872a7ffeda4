package io.tidings.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code /proc/net/tcp} to see a server's side of one connection from outside the server: whether
 * it is still established, and how many bytes wait in its kernel send queue. Lets the slow-consumer
 * scenario see a server close a connection whose client does not read (the client cannot: its FIN waits
 * behind data the client never reads). Stateless.
 */
public final class TcpTable {

  /** TCP_ESTABLISHED in the kernel's numbering. */
  public static final int ESTABLISHED = 1;

  private TcpTable() {}

  /** The server side of a connection, or null when the kernel no longer has it. */
  public record Entry(int state, long sendQueueBytes) {}

  /** The socket whose local port is {@code serverPort} and remote port {@code clientPort}. */
  public static Entry serverSide(int serverPort, int clientPort) {
    String local = String.format(":%04X", serverPort);
    String remote = String.format(":%04X", clientPort);
    // A JVM's sockets are IPv6 sockets even on 127.0.0.1 (IPv4-mapped), so they are listed in tcp6.
    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      Entry e = find(Path.of(table), local, remote);
      if (e != null) return e;
    }
    return null;
  }

  private static Entry find(Path table, String local, String remote) {
    try {
      for (String line : Files.readAllLines(table)) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 5 || !f[1].endsWith(local) || !f[2].endsWith(remote)) continue;
        String[] queues = f[4].split(":");
        return new Entry(Integer.parseInt(f[3], 16), Long.parseLong(queues[0], 16));
      }
    } catch (IOException | RuntimeException e) {
      // treated as gone
    }
    return null;
  }
}
