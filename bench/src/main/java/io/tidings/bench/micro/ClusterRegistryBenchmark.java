package io.tidings.bench.micro;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tidings.server.cluster.ClusterState;
import io.tidings.server.cluster.NodeSnapshot.PresenceEntry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cluster's channel and presence registry ({@link ClusterState}) as it is used: a node's count for a
 * channel changing (every subscribe/unsubscribe that changes a node's count), a presence user joining and
 * leaving, and the reads the HTTP API makes ({@code /channels}, {@code /channels/{c}}). Three nodes,
 * 1,000 channels, 100 members in the presence channel.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClusterRegistryBenchmark {

  private static final String APP = "app-id";
  private static final String[] NODES = {"node-a", "node-b", "node-c"};
  private static final int CHANNELS = 1_000;

  private final ClusterState state = new ClusterState();
  private final String[] channels = new String[CHANNELS];
  private final ObjectNode info = JsonNodeFactory.instance.objectNode().put("name", "bench user");
  private int tick;

  @Setup
  public void fill() {
    for (int i = 0; i < CHANNELS; i++) {
      channels[i] = "channel-" + i;
      for (String node : NODES) state.applyChannelCount(node, APP, channels[i], 1 + i % 7);
    }
    for (int u = 0; u < 100; u++) {
      state.applyPresence(NODES[u % 3], APP, "presence-room", "\"user-" + u + "\"",
          new PresenceEntry(TextNode.valueOf("user-" + u), info, 1));
    }
  }

  /** A node's subscription count for one channel changes (no occupied/vacated transition). */
  @Benchmark
  public int channelCountChanges() {
    int i = tick++ % CHANNELS;
    List<?> t = state.applyChannelCount(NODES[i % 3], APP, channels[i], 1 + (tick & 3));
    return t.size();
  }

  /** A user's first socket anywhere joins, then its last one leaves (member_added, member_removed). */
  @Benchmark
  public int presenceJoinAndLeave() {
    String key = "\"guest-" + (tick++ & 63) + "\"";
    int n = state.applyPresence("node-a", APP, "presence-room", key,
        new PresenceEntry(TextNode.valueOf(key), info, 1)).size();
    return n + state.applyPresence("node-a", APP, "presence-room", key,
        new PresenceEntry(TextNode.valueOf(key), info, 0)).size();
  }

  /** {@code GET /channels/{c}?info=subscription_count,user_count}. */
  @Benchmark
  public int oneChannelInfo() {
    return state.subscriptions(APP, channels[tick++ % CHANNELS]) + state.memberCount(APP, "presence-room");
  }

  /** {@code GET /channels}: every occupied channel of the app, with its count. */
  @Benchmark
  public int channelList() {
    Map<String, Integer> all = state.channels(APP);
    return all.size();
  }
}
