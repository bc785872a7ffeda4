package io.tidings.bench.micro;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.tidings.bench.Payload;
import io.tidings.bench.PublishRequests;
import io.tidings.server.http.RequestSignature;
import io.tidings.server.pusher.PusherFrames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
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

/** The per-request work of {@code POST /events} before the broadcast: the signature check and the body parse. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HttpApiBenchmark {

  private String path;
  private Map<String, String> params;
  private byte[] body;

  @Setup
  public void setUp() {
    PublishRequests.Pusher requests = new PublishRequests.Pusher("127.0.0.1", 6001, "app-id", "app-key", "app-secret", "bench");
    String raw = new String(requests.request(List.of(Payload.encode(1, 1, 1))), StandardCharsets.UTF_8);
    QueryStringDecoder q = new QueryStringDecoder(raw.substring(5, raw.indexOf(" HTTP/1.1")));
    path = q.rawPath();
    params = new HashMap<>();
    q.parameters().forEach((k, v) -> params.put(k, v.get(0)));
    body = raw.substring(raw.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public boolean signatureCheck() {
    return RequestSignature.isValid("POST", path, params, body, "app-secret");
  }

  @Benchmark
  public JsonNode bodyParse() throws IOException {
    return PusherFrames.JSON.readTree(body);
  }
}
