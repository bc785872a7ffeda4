package io.tidings.server;

import io.tidings.server.cli.AppsCommand;
import io.tidings.server.config.ConfigException;
import io.tidings.server.config.ConfigLoader;
import io.tidings.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The command line: {@code start [--config=FILE]} runs a node in the foreground until SIGTERM or
 * SIGINT, then stops it gracefully and exits 0. Configuration errors exit 2 with one line per problem.
 * {@code apps …} manages the PostgreSQL apps table ({@link AppsCommand}).
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger("tidings");

  private Main() {}

  public static void main(String[] args) {
    String command = args.length == 0 ? "start" : args[0];
    switch (command) {
      case "start" -> System.exit(start(args));
      case "apps" -> System.exit(AppsCommand.run(Arrays.copyOfRange(args, 1, args.length), System.getenv(),
          Path.of("").toAbsolutePath(), System.out, System.err));
      case "hash-password" -> System.exit(hashPassword());
      case "help", "--help", "-h" -> {
        System.out.println(usage());
        System.exit(0);
      }
      default -> {
        System.err.println("Unknown command: " + command + "\n" + usage());
        System.exit(2);
      }
    }
  }

  static String usage() {
    return """
        Usage: tidings start [--config=FILE]
          Runs a Tidings node in the foreground. Configuration comes from the SOKETI_* environment
          variables (and a .env file in the working directory), optionally from Soketi's JSON config file.
        Usage: tidings apps <command> [options]
          Manages the PostgreSQL apps table (init, add, list, update, enable, disable, delete);
          run "tidings apps help" for the details.
        Usage: tidings hash-password
          Reads a password (one line, from the terminal without echo, or from standard input) and prints
          its bcrypt hash for SOKETI_ADMIN_UI_PASSWORD_HASH.
        """;
  }

  /** Prints the bcrypt hash (cost 10, as the admin UI's README makes them) of the password read. */
  private static int hashPassword() {
    String password;
    java.io.Console console = System.console();
    if (console != null) {
      // The prompt goes to standard error: standard output carries the hash alone ($(./tidings hash-password)).
      System.err.print("Admin UI password: ");
      System.err.flush();
      char[] typed = console.readPassword();
      password = typed == null ? null : new String(typed);
    } else {
      try {
        password = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)).readLine();
      } catch (java.io.IOException e) {
        password = null;
      }
    }
    if (password == null || password.isEmpty()) {
      System.err.println("No password given.");
      return 2;
    }
    System.out.println(hash(password));
    return 0;
  }

  /** The bcrypt hash of {@code password}, cost 10. */
  static String hash(String password) {
    return org.springframework.security.crypto.bcrypt.BCrypt.hashpw(password, org.springframework.security.crypto.bcrypt.BCrypt.gensalt(10));
  }

  private static int start(String[] args) {
    Path configFile = null;
    for (int i = 1; i < args.length; i++) {
      if (args[i].startsWith("--config=")) {
        configFile = Path.of(args[i].substring("--config=".length()));
      } else {
        System.err.println("Unknown option: " + args[i] + "\n" + usage());
        return 2;
      }
    }
    if (configFile != null && !Files.isRegularFile(configFile)) {
      System.err.println("--config=" + configFile + ": no such file");
      return 2;
    }
    ConfigLoader.Loaded loaded;
    try {
      Map<String, String> env = ConfigLoader.withDotEnv(System.getenv(), Path.of("").toAbsolutePath());
      loaded = ConfigLoader.load(env, configFile);
    } catch (ConfigException e) {
      System.err.println("Tidings cannot start; the configuration is invalid:");
      e.problems().forEach(p -> System.err.println("  - " + p));
      return 2;
    }
    loaded.notices().forEach(n -> log.warn(n));
    ServerConfig config = loaded.config();
    TidingsServer server;
    try {
      server = TidingsServer.start(config);
    } catch (ConfigException e) {
      // A file named by a variable (TLS) or a port that cannot be used: still the configuration's fault.
      System.err.println("Tidings cannot start; the configuration is invalid:");
      e.problems().forEach(p -> System.err.println("  - " + p));
      return 2;
    } catch (RuntimeException e) {
      log.error("Tidings cannot start: {}", e.getMessage());
      return 1;
    }
    log.info("Tidings started on {}:{}{} (apps: {}, adapter: {}, tls: {}); metrics server on {}:{}{} (/metrics {})",
        config.host(), server.port(), config.pathPrefix(), config.appManager().driver().name().toLowerCase(),
        config.adapter().driver().name().toLowerCase(), config.ssl().enabled() ? "on" : "off",
        config.metrics().host(), server.metricsPort(), config.pathPrefix(),
        config.metrics().enabled() ? "enabled" : "disabled");
    // Released once stop() has returned, so the process never exits in the middle of the stop.
    CountDownLatch done = new CountDownLatch(1);
    Runnable stop = () -> {
      server.stop();
      done.countDown();
    };
    Signal.handle(new Signal("TERM"), sig -> new Thread(stop, "tidings-stop").start());
    Signal.handle(new Signal("INT"), sig -> new Thread(stop, "tidings-stop").start());
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
