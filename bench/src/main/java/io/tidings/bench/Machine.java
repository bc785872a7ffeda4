package io.tidings.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the report says about the machine and the software versions. Stateless. */
public final class Machine {

  private Machine() {}

  public static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  public static String memory() {
    try {
      String line = Files.readAllLines(Path.of("/proc/meminfo")).get(0);
      long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
      return String.format("%.1f GiB", kb / 1024.0 / 1024.0);
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  public static String kernel() {
    return command(List.of("uname", "-r"));
  }

  public static int cores() {
    String n = command(List.of("nproc", "--all"));
    return n.matches("\\d+") ? Integer.parseInt(n) : -1;
  }

  public static String node() {
    return command(List.of("node", "--version"));
  }

  public static String jdk() {
    return System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version");
  }

  public static String postgres() {
    try {
      return "PostgreSQL " + Postgres.query("postgres", "SHOW server_version").get(0);
    } catch (RuntimeException e) {
      return "PostgreSQL ?";
    }
  }

  /** The first line of a command's output, or "?". */
  static String command(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return out.lines().findFirst().orElse("?");
    } catch (IOException | InterruptedException e) {
      return "?";
    }
  }
}
