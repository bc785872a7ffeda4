package io.tidings.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the servers under test, each on loopback with free ports: Tidings through its launcher
 * ({@code ./tidings start}, so the launcher's JVM defaults are what is measured), Soketi 1.6.1 and the
 * Node socket.io peer from their npm packages under {@code bench/peers} (copied to {@code bench/target/peers}
 * and installed there on first use). Every process is a {@link ManagedProcess}. Stateless.
 */
public final class Servers {

  /** The app every Pusher scenario uses (both servers' default app). */
  public static final String APP_ID = "app-id";
  public static final String APP_KEY = "app-key";
  public static final String APP_SECRET = "app-secret";

  private static final long START_SECONDS = 90;

  private Servers() {}

  /** A free TCP port on loopback (the kernel's choice). */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Tidings on {@code port}, pinned to {@code cpus}; {@code env} adds or overrides variables. */
  public static ManagedProcess tidings(Settings s, String name, String cpus, int port, Map<String, String> env) {
    Map<String, String> e = new HashMap<>();
    e.put("SOKETI_HOST", "127.0.0.1");
    e.put("SOKETI_PORT", Integer.toString(port));
    e.put("SOKETI_METRICS_HOST", "127.0.0.1");
    e.put("SOKETI_METRICS_SERVER_PORT", Integer.toString(freePort()));
    e.put("TIDINGS_JAVA_OPTS", s.tidingsJavaOpts());
    e.putAll(env);
    ManagedProcess p = ManagedProcess.start(name, cpus, List.of(s.root().resolve("tidings").toString(), "start"),
        s.root(), e, s.logDir());
    awaitOrStop(p, port);
    return p;
  }

  /** Soketi 1.6.1 on {@code port}, pinned to {@code cpus}, loopback only (no UDP discovery broadcast). */
  public static ManagedProcess soketi(Settings s, String cpus, int port, Map<String, String> env) {
    Path dir = installed(s, "soketi");
    Map<String, String> e = new HashMap<>();
    e.put("SOKETI_HOST", "127.0.0.1");
    e.put("SOKETI_PORT", Integer.toString(port));
    e.put("SOKETI_METRICS_HOST", "127.0.0.1");
    e.put("SOKETI_METRICS_SERVER_PORT", Integer.toString(freePort()));
    e.put("SOKETI_CLUSTER_UNICAST_ADDRESSES", "127.0.0.1");
    e.put("SOKETI_CLUSTER_HOST", "127.0.0.1");
    e.put("SOKETI_CLUSTER_PORT", Integer.toString(freePort()));
    e.putAll(env);
    ManagedProcess p = ManagedProcess.start("soketi", cpus,
        List.of("node", "node_modules/@soketi/soketi/bin/server.js", "start"), dir, e, s.logDir());
    awaitOrStop(p, port);
    return p;
  }

  /** One Node socket.io + postgres-adapter node on {@code port}, on database {@code database}. */
  public static ManagedProcess socketIo(Settings s, String name, String cpus, int port, String database) {
    Path dir = installed(s, "socketio");
    Map<String, String> e = new HashMap<>();
    e.put("PORT", Integer.toString(port));
    e.put("PGHOST", Postgres.HOST);
    e.put("PGPORT", Integer.toString(Postgres.PORT));
    e.put("PGUSER", Postgres.USER);
    e.put("PGDATABASE", database);
    ManagedProcess p = ManagedProcess.start(name, cpus, List.of("node", "server.js"), dir, e, s.logDir());
    awaitOrStop(p, port);
    return p;
  }

  /**
   * Tidings' Socket.IO server ({@code targets.SocketIoBenchServer}) from the bench jar, with the flags the
   * {@code tidings} launcher gives the Pusher server and {@code TIDINGS_JAVA_OPTS}.
   */
  public static ManagedProcess tidingsSocketIo(Settings s, String cpus, int port) {
    return tidingsSocketIo(s, "tidings-socketio", cpus, port, Map.of());
  }

  /**
   * The same as node {@code name} of a cluster on database {@code database} of the machine's PostgreSQL
   * (the PostgreSQL adapter with Node's defaults).
   */
  public static ManagedProcess tidingsSocketIoNode(Settings s, String name, String cpus, int port, String database) {
    return tidingsSocketIo(s, name, cpus, port, Map.of("PGHOST", Postgres.HOST, "PGPORT", Integer.toString(Postgres.PORT),
        "PGUSER", Postgres.USER, "PGDATABASE", database));
  }

  private static ManagedProcess tidingsSocketIo(Settings s, String name, String cpus, int port, Map<String, String> env) {
    List<String> cmd = new java.util.ArrayList<>(List.of(StepMonitor.jdkTool("java"), "--enable-native-access=ALL-UNNAMED",
        "-XX:+ExitOnOutOfMemoryError", "--sun-misc-unsafe-memory-access=allow"));
    if (!s.tidingsJavaOpts().isBlank()) cmd.addAll(List.of(s.tidingsJavaOpts().trim().split("\\s+")));
    cmd.addAll(List.of("-cp", s.root().resolve("bench/target/tidings-bench.jar").toString(),
        "io.tidings.bench.targets.SocketIoBenchServer"));
    Map<String, String> e = new HashMap<>(env);
    e.put("PORT", Integer.toString(port));
    ManagedProcess p = ManagedProcess.start(name, cpus, cmd, s.root(), e, s.logDir());
    awaitOrStop(p, port);
    return p;
  }

  /** The single-node Node socket.io 4.8 peer ({@code bench/peers/socketio/single.js}, in-memory adapter). */
  public static ManagedProcess socketIoSingle(Settings s, String cpus, int port) {
    Path dir = installed(s, "socketio");
    ManagedProcess p = ManagedProcess.start("socketio-single", cpus, List.of("node", "single.js"), dir,
        Map.of("PORT", Integer.toString(port)), s.logDir());
    awaitOrStop(p, port);
    return p;
  }

  /**
   * The netty-socketio 2.0.14 peer ({@code bench/peers/netty-socketio}, its own Maven project), built in
   * {@code bench/target/peers/netty-socketio} when its sources changed, run on the bench's JDK with the
   * JVM's defaults (as Tidings' launcher runs Tidings).
   */
  public static ManagedProcess nettySocketIo(Settings s, String cpus, int port) {
    Path dir = built(s, "netty-socketio", "target/netty-socketio-peer.jar");
    String java = StepMonitor.jdkTool("java");
    ManagedProcess p = ManagedProcess.start("netty-socketio", cpus,
        List.of(java, "-XX:+ExitOnOutOfMemoryError", "-jar", "target/netty-socketio-peer.jar"), dir,
        Map.of("PORT", Integer.toString(port)), s.logDir());
    awaitOrStop(p, port);
    return p;
  }

  /** A Maven peer's copy under {@code bench/target/peers}, packaged when it changed or {@code jar} is missing. */
  static synchronized Path built(Settings s, String peer, String jar) {
    Path source = s.root().resolve("bench/peers").resolve(peer);
    Path dir = s.root().resolve("bench/target/peers").resolve(peer);
    try {
      PeerCopy.Change change = PeerCopy.sync(source, dir);
      if (change == PeerCopy.Change.NONE && Files.isRegularFile(dir.resolve(jar))) return dir;
      System.out.println("Building the " + peer + " peer in " + s.root().relativize(dir) + "…");
      Process p = new ProcessBuilder("mvn", "-q", "-B", "package").directory(dir.toFile()).inheritIO().start();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        PeerCopy.forgetInstall(dir);
        throw new IllegalStateException("the build of the " + peer + " peer failed in " + dir);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Maven is needed to build the " + peer + " peer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
    return dir;
  }

  private static void awaitOrStop(ManagedProcess p, int port) {
    try {
      p.awaitPort(port, START_SECONDS);
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  /**
   * The peer's runnable copy: {@code bench/peers/<peer>} copied (without {@code node_modules}) to
   * {@code bench/target/peers/<peer>} and {@code npm install}ed there when its packages are missing or its
   * {@code package.json} or lock changed. A run therefore never touches the committed folder (npm
   * rewrites a lock it installs from) and leaves {@code git status} as it found it. Not {@code npm ci}:
   * this registry lacks other platforms' optional packages, which the lock then leaves out, and
   * {@code npm ci} refuses such a lock.
   */
  static synchronized Path installed(Settings s, String peer) {
    Path source = s.root().resolve("bench/peers").resolve(peer);
    Path dir = s.root().resolve("bench/target/peers").resolve(peer);
    try {
      boolean fresh = PeerCopy.sync(source, dir) == PeerCopy.Change.MANIFESTS;
      if (!fresh && Files.isDirectory(dir.resolve("node_modules"))) return dir;
      System.out.println("Installing the " + peer + " peer from npm into " + s.root().relativize(dir) + "…");
      Process p = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund").directory(dir.toFile()).inheritIO().start();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        PeerCopy.forgetInstall(dir);
        throw new IllegalStateException("npm install failed in " + dir);
      }
    } catch (IOException e) {
      throw new IllegalStateException("npm is needed to install the " + peer + " peer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
    return dir;
  }
}
