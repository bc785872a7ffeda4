package io.tidings.socketio.clientdist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.transport.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The browser client's files as Node's socket.io serves them from its {@code client-dist/}: the four
 * bundles of {@code socket.io-client} (plain, minified, minified with the msgpack parser, minified ES
 * module) and their source maps, read once from the classpath, where the build put them from the client's
 * npm tarball, with the client's version from the same tarball's {@code package.json}.
 *
 * <pre>
 *   ClientDist.load().mount(routes, "/socket.io/");   // before the transport binds
 * </pre>
 *
 * <p><b>Threading:</b> immutable after {@link #load()}; serves every loop at once.
 */
public final class ClientDist {

  /** What Node's {@code clientPathRegex} admits and its {@code client-dist/} holds, in the order listed. */
  public static final List<String> FILES = List.of(
      "socket.io.js", "socket.io.js.map",
      "socket.io.min.js", "socket.io.min.js.map",
      "socket.io.msgpack.min.js", "socket.io.msgpack.min.js.map",
      "socket.io.esm.min.js", "socket.io.esm.min.js.map");

  private static final String RESOURCES = "files/";
  private static final String JAVASCRIPT = "application/javascript; charset=utf-8";
  private static final String JSON = "application/json; charset=utf-8";

  private static volatile ClientDist loaded;

  private final String version;
  private final Map<String, ClientFile> files;

  private ClientDist(String version, Map<String, ClientFile> files) {
    this.version = version;
    this.files = files;
  }

  /**
   * The files, read from the classpath at the first call (about a megabyte) and shared afterwards. Fails
   * with a message saying how to get them when the build did not put them there.
   */
  public static ClientDist load() {
    ClientDist d = loaded;
    if (d == null) {
      synchronized (ClientDist.class) {
        d = loaded;
        if (d == null) loaded = d = read();
      }
    }
    return d;
  }

  private static ClientDist read() {
    Map<String, ClientFile> files = new LinkedHashMap<>();
    for (String name : FILES) {
      files.put(name, new ClientFile(name, name.endsWith(".map") ? JSON : JAVASCRIPT, resource(name)));
    }
    JsonNode pkg;
    try {
      pkg = new ObjectMapper().readTree(resource("package.json"));
    } catch (IOException e) {
      throw new UncheckedIOException("the client's package.json on the classpath is not JSON", e);
    }
    return new ClientDist(pkg.path("version").asText(), Map.copyOf(files));
  }

  private static byte[] resource(String name) {
    try (InputStream in = ClientDist.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("the Socket.IO browser client's " + name + " is not on the classpath: the "
            + "tidings-socketio build puts it there from the socket.io-client npm tarball (mvn package needs npm, or "
            + "the tarball in its cache folder, the first time); or turn serveClient off");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading the Socket.IO browser client's " + name, e);
    }
  }

  /** The client's version ({@code 4.8.4}): Node's {@code ETag} is it, quoted. */
  public String version() {
    return version;
  }

  /** The file named {@code name} ({@code socket.io.min.js}), or null. */
  public ClientFile file(String name) {
    return files.get(name);
  }

  /**
   * Adds a route for each file under {@code path} (the Socket.IO path, {@code /socket.io/} by default) that
   * answers as Node's {@code serve}: {@code 304} when {@code If-None-Match} is the version's ETag (strong or
   * weak), else {@code 200} with {@code Cache-Control: public, max-age=0}, the file's content type, the
   * ETag, and the file gzip- or deflate-coded when the client prefers it.
   */
  public void mount(Routes.Builder routes, String path) {
    String base = path.endsWith("/") ? path : path + "/";
    for (String name : FILES) {
      routes.http(base + name, new ClientFileRoute(base + name, files.get(name), version));
    }
  }
}
