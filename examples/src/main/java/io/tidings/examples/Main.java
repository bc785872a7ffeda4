package io.tidings.examples;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./tidings example [NAME]}: runs one example in the foreground until SIGINT or SIGTERM, on
 * {@code HOST} (default {@value #DEFAULT_HOST}) and {@code PORT} (default {@value #DEFAULT_PORT}) from the
 * environment. Without a name it lists the examples; with an unknown one it lists them too and exits with
 * {@value #EXIT_USAGE}.
 */
public final class Main {

  static final int DEFAULT_PORT = 3000;
  static final String DEFAULT_HOST = "0.0.0.0";
  static final int EXIT_USAGE = 2;

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      list(System.out);
      return;
    }
    Example example = Examples.named(args[0]).orElse(null);
    if (example == null) {
      System.err.println("tidings: unknown example '" + args[0] + "'");
      list(System.err);
      System.exit(EXIT_USAGE);
      return;
    }
    int port;
    try {
      port = Integer.parseInt(System.getenv().getOrDefault("PORT", String.valueOf(DEFAULT_PORT)));
      if (port < 0 || port > 65_535) throw new NumberFormatException();
    } catch (NumberFormatException e) {
      System.err.println("tidings: PORT must be a port number (0-65535): " + System.getenv("PORT"));
      System.exit(EXIT_USAGE);
      return;
    }
    String host = System.getenv().getOrDefault("HOST", DEFAULT_HOST);

    RunningExample running = example.starter().start(host, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.close();
      stopped.countDown();
    }, "tidings-stop"));
    System.out.println("tidings: example " + example.name() + " on http://" + displayHost(host) + ":" + running.port()
        + "/ (Ctrl-C stops it)");
    stopped.await();
  }

  private static String displayHost(String host) {
    return host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
  }

  static void list(PrintStream out) {
    out.println("usage: ./tidings example NAME   (PORT=" + DEFAULT_PORT + " by default)");
    out.println("examples:");
    int width = Examples.ALL.stream().mapToInt(e -> e.name().length()).max().orElse(0);
    for (Example e : Examples.ALL) {
      out.println("  " + e.name() + " ".repeat(width - e.name().length()) + "  " + e.summary());
    }
  }
}
