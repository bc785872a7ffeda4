package io.tidings.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.tidings.server.http.RequestSignature;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpPublishingTest {

  private static final String SOKETI_ANSWER = "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\n"
      + "Content-Type: application/json\r\nConnection: close\r\nuWebSockets: 20\r\nContent-Length: 11\r\n\r\n{\"ok\":true}";
  private static final String KEEP_ALIVE_ANSWER = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
      + "content-length: 2\r\n\r\n{}";

  @Test
  void signedRequestsPassTheServersOwnSignatureCheck() {
    PublishRequests.Pusher requests = new PublishRequests.Pusher("127.0.0.1", 6001, "app-id", "app-key", "app-secret", "bench");
    for (List<String> data : List.of(List.of("one"), List.of("a", "b", "c"))) {
      String raw = new String(requests.request(data), StandardCharsets.UTF_8);
      String requestLine = raw.substring(0, raw.indexOf("\r\n"));
      String target = requestLine.split(" ")[1];
      byte[] body = raw.substring(raw.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8);
      QueryStringDecoder q = new QueryStringDecoder(target);
      Map<String, String> params = new HashMap<>();
      q.parameters().forEach((k, v) -> params.put(k, v.get(0)));
      assertThat(RequestSignature.isValid("POST", q.rawPath(), params, body, "app-secret")).isTrue();
      assertThat(RequestSignature.isValid("POST", q.rawPath(), params, body, "another-secret")).isFalse();
      assertThat(raw).contains("Content-Length: " + body.length + "\r\n");
      assertThat(q.rawPath()).isEqualTo(data.size() == 1 ? "/apps/app-id/events" : "/apps/app-id/batch_events");
    }
  }

  @Test
  void readsPipelinedAnswersAndNoticesConnectionClose() {
    ByteBuf in = Unpooled.copiedBuffer(KEEP_ALIVE_ANSWER + SOKETI_ANSWER, StandardCharsets.US_ASCII);
    HttpResponseHead head = new HttpResponseHead();
    assertThat(head.read(in)).isTrue();
    assertThat(head.status).isEqualTo(200);
    assertThat(head.close).isFalse();
    assertThat(head.read(in)).isTrue();
    assertThat(head.close).isTrue();
    assertThat(in.isReadable()).isFalse();
  }

  @Test
  void waitsForTheWholeBody() {
    String cut = SOKETI_ANSWER.substring(0, SOKETI_ANSWER.length() - 3);
    ByteBuf in = Unpooled.copiedBuffer(cut, StandardCharsets.US_ASCII);
    HttpResponseHead head = new HttpResponseHead();
    assertThat(head.read(in)).isFalse();
    assertThat(in.readerIndex()).isZero();
  }

  @Test
  void socketIoRequestsCarryTheDataAsAJsonArray() {
    String raw = new String(new PublishRequests.SocketIo("127.0.0.1", 7000).request(List.of("x", "y")), StandardCharsets.UTF_8);
    assertThat(raw).startsWith("POST /publish HTTP/1.1\r\n").endsWith("\r\n\r\n[\"x\",\"y\"]").contains("Content-Length: 9\r\n");
  }
}
