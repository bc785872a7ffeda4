package io.tidings.bench.micro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.tidings.bench.Payload;
import io.tidings.bus.wire.EnvelopeCodec;
import io.tidings.server.cluster.BroadcastMessage;
import io.tidings.server.pusher.PusherFrames;
import io.tidings.transport.websocket.WebSocketFrames;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-event encoding work of a broadcast, once per event (never per subscriber): the Pusher event
 * JSON, the WebSocket frame around it, and the bus envelope another node receives.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameEncodingBenchmark {

  private final JsonNode data = TextNode.valueOf(Payload.encode(1, 12345, 987654321L));
  private final byte[] eventJson = PusherFrames.event("bench", "bench", data);

  @Benchmark
  public byte[] pusherEventJson() {
    return PusherFrames.event("bench", "bench", data);
  }

  @Benchmark
  public int webSocketFrame() {
    ByteBuf f = WebSocketFrames.text(PooledByteBufAllocator.DEFAULT, eventJson);
    int n = f.readableBytes();
    f.release();
    return n;
  }

  private final String dataJson = data.toString();
  private final String busPayload = EnvelopeCodec.closeJson(EnvelopeCodec.openJsonRaw(3,
      new BroadcastMessage("app-id", "bench", dataJson, java.util.List.of("bench"), null, null, false).toJson(),
      "b42c5e810c7d5725", "/pusher"), 1);

  /** What a publishing node writes per cross-node event. */
  @Benchmark
  public String busEnvelope() {
    return EnvelopeCodec.openJsonRaw(3,
        new BroadcastMessage("app-id", "bench", dataJson, java.util.List.of("bench"), null, null, false).toJson(),
        "b42c5e810c7d5725", "/pusher");
  }

  /** What a receiving node does per cross-node event before the fan-out. */
  @Benchmark
  public byte[] busEnvelopeToFrame() throws Exception {
    var e = (io.tidings.bus.wire.Envelope) EnvelopeCodec.parse(busPayload);
    BroadcastMessage b = BroadcastMessage.read(e.rawData());
    return PusherFrames.event(b.event(), b.channels().get(0), b.dataJson(), b.userIdJson());
  }
}
