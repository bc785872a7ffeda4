package io.tidings.emitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The JDBC path needs standard JDBC and nothing of the bus's Vert.x side: it is run here in a class loader that
 * holds this module's class path minus every Vert.x and Netty jar (so a backend may exclude them), and its
 * message still reaches a listener.
 */
@Tag("postgres")
class JdbcEmitterWithoutVertxTest {

  @Test
  void theJdbcPathPublishesWithNoVertxOrNettyClassAvailable() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    try (URLClassLoader isolated = new URLClassLoader(withoutVertxOrNetty(), ClassLoader.getPlatformClassLoader());
         NotifyListener wire = new NotifyListener(db, "socket.io#/")) {
      assertThatThrownBy(() -> Class.forName("io.vertx.core.Vertx", false, isolated)).isInstanceOf(ClassNotFoundException.class);
      assertThatThrownBy(() -> Class.forName("io.netty.buffer.ByteBuf", false, isolated)).isInstanceOf(ClassNotFoundException.class);
      Driver driver = (Driver) Class.forName("org.postgresql.Driver", true, isolated).getDeclaredConstructor().newInstance();
      Properties login = new Properties();
      login.setProperty("user", db.user());
      login.setProperty("password", db.password());

      try (Connection c = driver.connect(db.jdbcUrl(), login)) {
        Class<?> jdbcEmitter = Class.forName(JdbcEmitter.class.getName(), true, isolated);
        assertThat(jdbcEmitter.getClassLoader()).isSameAs(isolated);
        Object emitter = jdbcEmitter.getMethod("create").invoke(null);
        jdbcEmitter.getMethod("createAttachmentTable", Connection.class).invoke(emitter, c);
        Object operator = jdbcEmitter.getMethod("on", Connection.class).invoke(emitter, c);
        operator.getClass().getMethod("emit", String.class, Object[].class).invoke(operator, "noVertx", new Object[] {"x"});
        operator.getClass().getMethod("emit", String.class, Object[].class).invoke(operator, "noVertxBinary", new Object[] {new byte[] {1}});
      }

      wire.await(p -> p.contains("noVertx"));
      wire.await(p -> p.contains("attachmentId"));
    }
  }

  /** This JVM's class path (expanded from Surefire's manifest-only jar if need be), minus Vert.x and Netty. */
  private static URL[] withoutVertxOrNetty() throws IOException {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      List<URL> expanded = manifestClassPath(path);
      urls.addAll(expanded.isEmpty() ? List.of(path.toUri().toURL()) : expanded);
    }
    List<URL> kept = urls.stream().filter(u -> !u.getPath().contains("/io/vertx/") && !u.getPath().contains("/io/netty/")).toList();
    assertThat(kept).as("Vert.x jars were on the class path and are left out").hasSizeLessThan(urls.size());
    return kept.toArray(URL[]::new);
  }

  private static List<URL> manifestClassPath(Path path) throws IOException {
    if (!path.toString().endsWith(".jar") || !path.getFileName().toString().startsWith("surefire")) {
      return List.of();
    }
    try (JarFile jar = new JarFile(path.toFile())) {
      Manifest manifest = jar.getManifest();
      String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
      if (classPath == null) return List.of();
      List<URL> urls = new ArrayList<>();
      for (String item : classPath.trim().split("\\s+")) {
        urls.add(URI.create(path.toUri().toString()).resolve(item).toURL());
      }
      return urls;
    }
  }
}
