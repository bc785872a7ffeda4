package io.tidings.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback that can <b>freeze</b> a connection: stop forwarding both ways without closing
 * either side, as a vanished NAT entry, a pulled cable or a frozen virtual machine does. Neither end gets
 * a FIN or a reset; what they send piles up in the kernel's buffers and then blocks, and nothing comes
 * back. A frozen connection can later be {@linkplain Link#unfreeze() unfrozen} (every byte held is then
 * delivered, in order: TCP's promise is kept) or {@linkplain Link#cut() cut} (both sides reset).
 *
 * <p>Each accepted connection is a {@link Link}, numbered in the order the proxy accepted it. To find the
 * one a given PostgreSQL session runs on, match the session's {@code pg_stat_activity.client_port} with
 * {@link #linkFromUpstreamPort}: PostgreSQL sees the proxy's outbound socket. {@link #mark()} and
 * {@link #linksSince} select the connections opened after a point; {@link #freezeNewLinks} makes the proxy
 * a black hole for new connections too (they are accepted, then never served), the way a partitioned
 * network looks to a client whose TCP handshake happens to succeed; {@link #refuseNewLinks} resets them
 * instead, as when the server cannot be reached at all.
 *
 * <p>Blocking I/O: two daemon threads per link, one accepting. <b>Threading:</b> every method may be
 * called from any thread. {@link #close} cuts every link and stops accepting.
 */
public final class FreezingProxy implements AutoCloseable {

  private static final int BUFFER_BYTES = 16 * 1024;

  private final InetSocketAddress upstream;
  private final ServerSocket server;
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final Thread acceptor;
  private volatile boolean freezeNew;
  private volatile boolean refuseNew;
  private volatile boolean closed;

  private FreezingProxy(InetSocketAddress upstream) {
    this.upstream = upstream;
    try {
      this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not open the proxy's port", e);
    }
    this.acceptor = Thread.ofPlatform().daemon().name("freezing-proxy-accept-" + server.getLocalPort()).start(this::accept);
  }

  /** A proxy on a free loopback port forwarding to {@code host:port}. */
  public static FreezingProxy to(String host, int port) {
    return new FreezingProxy(new InetSocketAddress(host, port));
  }

  /** A proxy to {@code target}'s server. */
  public static FreezingProxy to(PgTarget target) {
    return to(target.host(), target.port());
  }

  /** The port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** {@code target} reached through this proxy: same database, user and password, the proxy's address. */
  public PgTarget target(PgTarget target) {
    return new PgTarget(server.getInetAddress().getHostAddress(), port(), target.database(), target.user(), target.password());
  }

  /** Every connection accepted so far, in order. */
  public List<Link> links() {
    return List.copyOf(links);
  }

  /** How many connections were accepted so far; pass it to {@link #linksSince}. */
  public int mark() {
    return links.size();
  }

  /** The connections accepted after {@code mark}. */
  public List<Link> linksSince(int mark) {
    List<Link> all = links();
    return all.subList(Math.min(mark, all.size()), all.size());
  }

  /**
   * The link whose outbound socket has local port {@code port}: the {@code client_port} PostgreSQL shows in
   * {@code pg_stat_activity} for the session that runs over it.
   */
  public Optional<Link> linkFromUpstreamPort(int port) {
    return links.stream().filter(l -> l.upstreamLocalPort == port).findFirst();
  }

  /** The links not cut, in order. */
  public List<Link> liveLinks() {
    List<Link> live = new ArrayList<>();
    for (Link l : links) {
      if (!l.isCut()) live.add(l);
    }
    return live;
  }

  /** Freezes every live link. */
  public void freezeAll() {
    links.forEach(Link::freeze);
  }

  /**
   * While on, every connection accepted is frozen from its first byte (the client's TCP handshake with the
   * proxy succeeds; nothing it sends is answered). Turning it off does not unfreeze them.
   */
  public void freezeNewLinks(boolean on) {
    freezeNew = on;
  }

  /**
   * While on, every new connection is reset as soon as it is accepted, as when the server cannot be reached
   * at all; existing links are untouched (a frozen one stays frozen).
   */
  public void refuseNewLinks(boolean on) {
    refuseNew = on;
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
    links.forEach(Link::cut);
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (refuseNew) {
        Link.reset(client);
        continue;
      }
      Socket toServer = new Socket();
      try {
        client.setTcpNoDelay(true);
        toServer.setTcpNoDelay(true);
        toServer.connect(upstream, 5_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(toServer);
        continue;
      }
      Link link = new Link(links.size(), client, toServer, freezeNew);
      links.add(link);
      link.start();
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // Best effort.
    }
  }

  /**
   * One proxied connection. Its state is forwarding, frozen or cut; cut is final. Thread-safe.
   */
  public static final class Link {

    private final int index;
    private final Socket client;
    private final Socket toServer;
    private final int clientPort;
    private final int upstreamLocalPort;
    private final Object lock = new Object();
    private boolean frozen;
    private boolean cut;
    private long forwardedBytes;
    private int pumpsEnded;

    private Link(int index, Socket client, Socket toServer, boolean frozen) {
      this.index = index;
      this.client = client;
      this.toServer = toServer;
      this.clientPort = client.getPort();
      this.upstreamLocalPort = toServer.getLocalPort();
      this.frozen = frozen;
    }

    private void start() {
      String name = "freezing-proxy-" + upstreamLocalPort;
      Thread.ofPlatform().daemon().name(name + "-up").start(() -> pump(client, toServer));
      Thread.ofPlatform().daemon().name(name + "-down").start(() -> pump(toServer, client));
    }

    /** The order in which the proxy accepted this connection, from 0. */
    public int index() {
      return index;
    }

    /** The client's own port (its side of the connection to the proxy). */
    public int clientPort() {
      return clientPort;
    }

    /** The local port of the proxy's socket to the server: the server sees this as the client's port. */
    public int upstreamLocalPort() {
      return upstreamLocalPort;
    }

    /** Bytes forwarded so far, both ways. */
    public long forwardedBytes() {
      synchronized (lock) {
        return forwardedBytes;
      }
    }

    public boolean frozen() {
      synchronized (lock) {
        return frozen && !cut;
      }
    }

    public boolean isCut() {
      synchronized (lock) {
        return cut;
      }
    }

    /** Stops forwarding both ways; neither side is told. */
    public void freeze() {
      synchronized (lock) {
        frozen = true;
      }
    }

    /** Forwards again, starting with whatever was held. */
    public void unfreeze() {
      synchronized (lock) {
        frozen = false;
        lock.notifyAll();
      }
    }

    /** Resets both sides; what was held is discarded. */
    public void cut() {
      synchronized (lock) {
        if (cut) return;
        cut = true;
        lock.notifyAll();
      }
      reset(client);
      reset(toServer);
    }

    /**
     * Copies {@code from} to {@code to}. A chunk read while frozen is held until the link thaws (then
     * written) or is cut (then dropped); while frozen nothing more is read, so the sender's buffers fill and
     * a FIN or reset from either side stays unseen.
     */
    private void pump(Socket from, Socket to) {
      byte[] buffer = new byte[BUFFER_BYTES];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        while (awaitThawed()) {
          int n = in.read(buffer);
          if (!awaitThawed()) break;
          if (n < 0) {
            to.shutdownOutput(); // the FIN travels on
            break;
          }
          out.write(buffer, 0, n);
          out.flush();
          synchronized (lock) {
            forwardedBytes += n;
          }
        }
      } catch (IOException e) {
        // A side went away: so does the other, unless the link is frozen, which hides it.
        if (awaitThawed()) cut();
      } finally {
        pumpEnded();
      }
    }

    private void pumpEnded() {
      boolean both;
      synchronized (lock) {
        both = ++pumpsEnded == 2;
      }
      if (both) {
        closeQuietly(client);
        closeQuietly(toServer);
      }
    }

    /** Waits while frozen; false once cut. */
    private boolean awaitThawed() {
      synchronized (lock) {
        while (frozen && !cut) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        }
        return !cut;
      }
    }

    private static void reset(Socket s) {
      try {
        s.setSoLinger(true, 0);
      } catch (SocketException ignored) {
        // Already closed.
      }
      closeQuietly(s);
    }

    @Override
    public String toString() {
      return "Link[" + index + ", client port " + clientPort + ", upstream port " + upstreamLocalPort
          + (isCut() ? ", cut" : frozen() ? ", frozen" : "") + "]";
    }
  }
}
