package io.tidings.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes {@code docs/BENCHMARKS.md}: the results table (Tidings, the peer of the same run, the ratio, the
 * goal, met or not, the command), the notes behind each row, the machine, the versions and how the
 * numbers were taken. The text around the table is regenerated too, so the file always matches the run
 * that wrote it; what was learned while optimising lives in {@code docs/PERFORMANCE.md}.
 */
public final class ReportWriter {

  private ReportWriter() {}

  /** The report as Markdown. */
  public static String render(List<Row> rows, Settings s, String loadDuring, String startedAt, String minutes) {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append("Tidings measured side by side with its peers — Soketi 1.6.1 for the Pusher scenarios, Node socket.io 4.8")
        .append(" with `@socket.io/postgres-adapter` 0.5 for the cross-node ones — in one run of `" + allCommand(s) + "`, by the")
        .append(" `bench` module's load generator. Every figure is the median of ").append(s.rounds())
        .append(" rounds; each round starts fresh server processes. Ratios are Tidings ÷ peer.")
        .append(s.isQuick() ? " **This was a quick run (short windows): use it for direction only.**" : "")
        .append("\n\n");
    md.append("Run started ").append(startedAt).append(", took ").append(minutes).append(" min. ")
        .append("1-minute load average during the run: ").append(loadDuring)
        .append(" (a quiet 2-core machine idles near 0; the server and the load generator alone account for about 2).\n\n");

    md.append("| # | Scenario | Unit | Tidings | Peer | Ratio | Goal | Met | Command |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      md.append("| ").append(r.id()).append(" | ").append(r.scenario()).append(" | ").append(r.unit()).append(" | ")
          .append(Stats.fmt(r.tidings())).append(" | ")
          .append(Double.isNaN(r.peer()) ? "–" : Stats.fmt(r.peer()) + " (" + r.peerName() + ")").append(" | ")
          .append(Double.isNaN(r.ratio()) ? "–" : String.format("%.2f×", r.ratio())).append(" | ")
          .append(r.goal()).append(" | ").append(r.goal().startsWith("–") ? "–" : r.met() ? "**yes**" : "no").append(" | `").append(r.command())
          .append("` |\n");
    }
    md.append("\n## What each row saw\n\n");
    for (Row r : rows) {
      if (r.notes().isBlank()) continue;
      md.append("- **").append(r.id()).append("** ").append(r.notes().replace("|", "/")).append("\n");
    }
    md.append("\n## Machine and versions\n\n");
    md.append("- ").append(Machine.cores()).append(" cores, ").append(Machine.cpuModel()).append(", ")
        .append(Machine.memory()).append(" RAM, Linux ").append(Machine.kernel()).append("\n");
    md.append("- JDK: ").append(Machine.jdk()).append(" (the launcher picks the newest JDK ≥ 21; this one ran both")
        .append(" Tidings and the load generator)\n");
    md.append("- Node ").append(Machine.node()).append(", ").append(Machine.postgres()).append(" (the machine's, at 127.0.0.1:5432)\n");
    md.append("- Soketi 1.6.1 from npm with `uWebSockets.js` overridden by `@trufflesuite/uws-js-unofficial@20.30.0-unofficial.0`")
        .append(" (Soketi's pinned uWS 20.10 is only on GitHub and has no Node 20 build); `bench/peers/soketi`\n");
    md.append("- socket.io 4.8.4, @socket.io/postgres-adapter 0.5.0, pg 8.23.1; `bench/peers/socketio/server.js` (cross-node),")
        .append(" `single.js` (single node, in-memory adapter)\n");
    md.append("- netty-socketio 2.0.14 (Maven Central) with its defaults on the bench's JDK; `bench/peers/netty-socketio`\n");
    md.append("- Peers are copied to `bench/target/peers` and installed or built there; a run leaves `git status` as it found it\n");
    md.append("- Tidings JVM flags: the launcher's defaults")
        .append(s.tidingsJavaOpts().isBlank() ? "" : " plus `" + s.tidingsJavaOpts() + "`").append(" (see `tidings`)\n");
    md.append("\n## How the numbers are taken\n\n");
    md.append("""
        - **Pinning.** Single-node scenarios: the server on core 0 (`taskset -c 0`), the load generator on core 1.
          Cross-node: node A on core 0, node B and the load generator on core 1, PostgreSQL unpinned (the machine's
          server; the bench does not touch it beyond its own database `tidings_bench`). CPU per process comes from
          `/proc/<pid>/stat` (utime + stime) over each step; PostgreSQL's is the sum of the database's backends.
        - **Open loop.** The publisher sends at a fixed schedule over one pipelined keep-alive connection; each
          100-byte event carries a stream id, a sequence number and its *intended* send time (`System.nanoTime`, one
          clock for all processes on the host). Latency runs from the intended time to the frame's arrival, so a
          stalled server is charged for the whole stall. Loss, duplicates and order are counted exactly per
          subscriber from the sequence numbers.
        - **Rate searches** (1, 4, S1): steps of %d s, ×1.3 while a step passes, then halving the gap to the first
          failure; a step passes with every message delivered once and p99 ≤ 100 ms. Scenario 1's maximum must then
          hold for %d s (else −10 %%, then −20 %% at a time).
        - **Clean steps.** Each step publishes over connections of its own and counts only their answers; it starts
          when the subscribers have been quiet for 500 ms (else, after 10 s, they are replaced by fresh ones), so no
          figure mixes two steps. A per-second monitor (server CPU and RSS, heap and GC from `jstat`, kernel TCP
          memory, socket send and receive queues) writes a CSV per step to `bench/results/logs`.
        - **Warm-up** of %d s before measuring (JIT). Scenario 2 is closed loop (16 connections, next request on the
          answer, one pre-signed request replayed), as wrk measures.
        - **Memory** (6): RSS from `/proc/<pid>/status`; Tidings' live heap from `jcmd <pid> GC.run` then
          `GC.heap_info`; both as least-squares slopes over 0, 5k, 10k, 15k and 19k connections.
        - **Slow consumer** (8): the stalled subscriber's receive buffer is cut to 4 KB and it stops reading; the
          server's side of that socket is watched in `/proc/net/tcp` and `/proc/net/tcp6`. Both servers run with
          `SOKETI_WS_MAX_BUFFERED_KB=64` (Tidings' per-connection cap, which also bounds the socket's kernel send
          buffer; Soketi has no such setting and keeps uWS's 1 MiB back-pressure limit, past which uWS drops
          messages rather than closing).
        """.formatted(s.stepNanos() / 1_000_000_000, s.sustainNanos() / 1_000_000_000, s.warmupNanos() / 1_000_000_000));
    md.append("\n## Commands\n\n```bash\n");
    md.append(String.format("%-32s # every scenario, ", allCommand(s))).append(s.rounds())
        .append(" rounds, rewrites this file (about an hour)\n");
    md.append("bench/run run fanout             # one scenario: fanout, http-publish, latency, cross-node, idle, accept\n");
    md.append("bench/run run latency --soketi-max=N  # scenarios 3 and 8 at a known Soketi maximum (deliveries/s)\n");
    md.append("bench/run run socketio [--parts=fanout,latency,acks,idle,accept]  # Socket.IO: Tidings, Node socket.io, netty-socketio\n");
    md.append("bench/run run socketio --servers=tidings --parts=fanout   # one server only (to profile it; no ratios)\n");
    md.append("bench/run run socketio --parts=latency --busy-poll        # the load generator spins instead of sleeping\n");
    md.append("bench/run all --quick            # short windows, for trying things out\n");
    md.append("bench/run jmh                    # JMH micro-benchmarks of the codecs and the registry\n");
    md.append("```\n\nOptimisation notes, profiles and JVM flag comparisons: [PERFORMANCE.md](PERFORMANCE.md).\n");
    return md.toString();
  }

  public static void write(Path file, String markdown) {
    try {
      Files.writeString(file, markdown);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file, e);
    }
  }

  static String now() {
    return ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"));
  }

  /** The command that reproduces this run: {@code bench/run all} with its rounds when not the default. */
  static String allCommand(Settings s) {
    return "bench/run all" + (s.rounds() == Settings.DEFAULT_ROUNDS ? "" : " --rounds=" + s.rounds()) + (s.isQuick() ? " --quick" : "");
  }
}
