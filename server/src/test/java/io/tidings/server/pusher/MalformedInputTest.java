package io.tidings.server.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.java_websocket.framing.ContinuousFrame;
import org.java_websocket.framing.TextFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Malformed input never takes anything down. A frame that is not a valid Pusher message gets
 * {@code pusher:error} with a null code on its connection, which stays open (shown by a ping after it);
 * only an over-sized message (1009) or broken UTF-8 (1007) closes its own connection. After every test
 * a well-behaved bystander connection still receives a published event.
 */
class MalformedInputTest {

  @RegisterExtension
  static final TestServer server = TestServer.with(Map.of("SOKETI_WS_MAX_MESSAGE_SIZE_IN_KB", "4"));
  static SignedApi api;
  static RawWebSocket bystander;
  RawWebSocket ws;

  @BeforeAll
  static void start() {
    api = SignedApi.forDefaultApp(server);
    bystander = RawWebSocket.established(server.wsUrl());
    assertThat(bystander.subscribe("calm")).contains("subscription_succeeded");
  }

  @AfterAll
  static void stop() {
    bystander.close();
  }

  @BeforeEach
  void connect() {
    ws = RawWebSocket.established(server.wsUrl());
  }

  @AfterEach
  void bystanderIsUnaffected() {
    ws.close();
    api.post("/apps/app-id/events", "{\"name\":\"still\",\"channel\":\"calm\",\"data\":\"here\"}");
    assertThat(bystander.next()).isEqualTo("{\"event\":\"still\",\"channel\":\"calm\",\"data\":\"here\"}");
  }

  private static String error(String message) {
    return "{\"event\":\"pusher:error\",\"data\":{\"code\":null,\"message\":\"" + message + "\"}}";
  }

  private void assertStillWorks() {
    ws.send("{\"event\":\"pusher:ping\",\"data\":{}}");
    assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
    assertThat(ws.subscribe("after-" + Math.abs(ws.socketId().hashCode()))).contains("subscription_succeeded");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "not json at all                                      | Invalid JSON: the frame could not be parsed.",
      "'{\"event\":\"pusher:ping\"'                          | Invalid JSON: the frame could not be parsed.",
      "'[1,2]'                                              | A frame must be a JSON object.",
      "42                                                   | A frame must be a JSON object.",
      "'\"pusher:ping\"'                                    | A frame must be a JSON object.",
      "null                                                 | A frame must be a JSON object.",
      "'{\"data\":{}}'                                      | The event field must be a string.",
      "'{\"event\":5}'                                      | The event field must be a string.",
      "'{\"event\":null}'                                   | The event field must be a string.",
      "'{\"event\":\"pusher:subscribe\"}'                   | pusher:subscribe needs data with a channel name.",
      "'{\"event\":\"pusher:subscribe\",\"data\":5}'        | pusher:subscribe needs data with a channel name.",
      "'{\"event\":\"pusher:subscribe\",\"data\":{}}'       | pusher:subscribe needs data with a channel name.",
      "'{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":7}}' | pusher:subscribe needs data with a channel name.",
      "'{\"event\":\"pusher:subscribe\",\"data\":\"not json\"}' | pusher:subscribe needs data with a channel name.",
      "'{\"event\":\"pusher:unsubscribe\"}'                 | pusher:unsubscribe needs data with a channel name.",
      "'{\"event\":\"pusher:unsubscribe\",\"data\":[]}'     | pusher:unsubscribe needs data with a channel name.",
      "'{\"event\":\"pusher:signin\"}'                      | pusher:signin needs data with user_data and auth.",
      "'{\"event\":\"pusher:signin\",\"data\":7}'           | pusher:signin needs data with user_data and auth.",
      "'{\"event\":\"pusher:whatever\",\"data\":{}}'        | Unsupported event: pusher:whatever",
      "'{\"event\":\"hello\"}'                              | Unsupported event: hello",
      "'{\"event\":\"client-x\",\"data\":{}}'               | A client event needs a channel.",
      "'{\"event\":\"client-x\",\"channel\":5,\"data\":{}}' | A client event needs a channel.",
  })
  void aMalformedFrameGetsAnErrorWithANullCodeAndTheConnectionStaysUsable(String frame, String message) {
    ws.send(frame);
    assertThat(ws.next()).isEqualTo(error(message));
    assertStillWorks();
  }

  @Test
  void aVeryLongUnknownEventNameIsCutInTheErrorMessage() {
    ws.send("{\"event\":\"" + "e".repeat(100) + "\"}");
    assertThat(ws.next()).isEqualTo(error("Unsupported event: " + "e".repeat(64) + "…"));
    assertStillWorks();
  }

  @Test
  void aBinaryFrameGetsAnErrorAndTheConnectionStaysUsable() {
    ws.sendBinary("{\"event\":\"pusher:ping\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(ws.next()).isEqualTo(error("Binary frames are not supported."));
    assertStillWorks();
  }

  @Test
  void aMessageOverTheSizeLimitClosesItsConnectionWith1009() {
    ws.send("{\"event\":\"client-x\",\"channel\":\"c\",\"data\":\"" + "x".repeat(300_000) + "\"}");
    assertThat(ws.awaitClose()).isEqualTo(1009);
  }

  @Test
  void aFragmentedMessageOverTheSizeLimitClosesItsConnectionWith1009() {
    TextFrame first = new TextFrame();
    first.setPayload(ByteBuffer.wrap(("{\"event\":\"x\",\"data\":\"" + "x".repeat(3000)).getBytes(StandardCharsets.UTF_8)));
    first.setFin(false);
    ContinuousFrame rest = new ContinuousFrame();
    rest.setPayload(ByteBuffer.wrap(("x".repeat(3000) + "\"}").getBytes(StandardCharsets.UTF_8)));
    rest.setFin(true);
    ws.sendFrame(first);
    ws.sendFrame(rest);
    assertThat(ws.awaitClose()).isEqualTo(1009);
  }

  @Test
  void aTextFrameWithInvalidUtf8ClosesItsConnectionWith1007() {
    TextFrame frame = new TextFrame();
    byte[] bytes = {'{', '"', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    frame.setPayload(ByteBuffer.wrap(bytes));
    frame.setFin(true);
    ws.sendFrame(frame);
    assertThat(ws.awaitClose()).isEqualTo(1007);
  }

  @Test
  void aFragmentedMessageIsReassembled() {
    TextFrame first = new TextFrame();
    first.setPayload(ByteBuffer.wrap("{\"event\":\"pusher:subscribe\",".getBytes(StandardCharsets.UTF_8)));
    first.setFin(false);
    ContinuousFrame middle = new ContinuousFrame();
    middle.setPayload(ByteBuffer.wrap("\"data\":{\"channel\":".getBytes(StandardCharsets.UTF_8)));
    middle.setFin(false);
    ContinuousFrame last = new ContinuousFrame();
    last.setPayload(ByteBuffer.wrap("\"in-pieces\"}}".getBytes(StandardCharsets.UTF_8)));
    last.setFin(true);
    ws.sendFrame(first);
    ws.sendFrame(middle);
    ws.sendFrame(last);
    assertThat(ws.next()).isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"in-pieces\"}");
  }

  @Test
  void aBurstOfMalformedFramesIsAnsweredOneByOneAndNothingElseHappens() {
    for (int i = 0; i < 50; i++) ws.send("{{{{");
    for (int i = 0; i < 50; i++) assertThat(ws.next()).isEqualTo(error("Invalid JSON: the frame could not be parsed."));
    assertStillWorks();
  }
}
