package io.tidings.server.support;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The live heap of a node in its own JVM: a full GC forced with {@code jcmd <pid> GC.run} (the JDK's own
 * tool, beside the {@code java} that runs the tests), then the heap pools' used bytes from its
 * {@code /metrics} (the node needs {@code SOKETI_METRICS_ENABLED=true}). Comparing two readings shows
 * whether something a fault left behind is still held.
 */
public final class HeapProbe {

  private HeapProbe() {}

  /** Bytes used in the heap right after two full collections. */
  public static long liveHeapBytes(ServerProcess node) {
    gc(node.pid());
    gc(node.pid());
    long used = 0;
    for (String line : node.scrape().split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return used;
  }

  private static void gc(long pid) {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Path jcmd = Path.of(java).resolveSibling("jcmd");
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("jcmd GC.run did not finish");
      }
      Thread.sleep(200);
    } catch (Exception e) {
      throw new AssertionError("could not run " + jcmd, e);
    }
  }
}
