package io.tidings.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of a running JVM, from outside: {@code jcmd <pid> GC.run} (a full collection), then
 * {@code jcmd <pid> GC.heap_info}, summing the "used" figure of each heap line (G1's one line, or the
 * generations of Parallel and Serial, or ZGC's). Stateless.
 */
public final class JvmHeap {

  private static final Pattern USED = Pattern.compile("used (\\d+)([KMG])");

  private JvmHeap() {}

  /** Bytes of heap in use after a full collection. */
  public static long liveBytes(long pid) {
    jcmd(pid, "GC.run");
    return usedBytes(jcmd(pid, "GC.heap_info"));
  }

  /** The sum of the heap lines' "used" figures in a {@code GC.heap_info} output. */
  static long usedBytes(String heapInfo) {
    long total = 0;
    for (String line : heapInfo.split("\n")) {
      if (line.contains("Metaspace") || line.contains("class space")) continue;
      Matcher m = USED.matcher(line);
      if (m.find()) {
        long v = Long.parseLong(m.group(1));
        total += switch (m.group(2)) {
          case "K" -> v << 10;
          case "M" -> v << 20;
          default -> v << 30;
        };
      }
    }
    return total;
  }

  private static String jcmd(long pid, String command) {
    try {
      Process p = new ProcessBuilder(StepMonitor.jdkTool("jcmd"), Long.toString(pid), command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("jcmd failed: " + out);
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("jcmd (from the JDK) is needed for the heap figures", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
