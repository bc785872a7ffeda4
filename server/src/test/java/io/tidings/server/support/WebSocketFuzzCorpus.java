package io.tidings.server.support;

import static io.tidings.server.support.RawFrameSocket.BINARY;
import static io.tidings.server.support.RawFrameSocket.CONTINUATION;
import static io.tidings.server.support.RawFrameSocket.PING;
import static io.tidings.server.support.RawFrameSocket.TEXT;
import static io.tidings.server.support.RawFrameSocket.frame;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates bad WebSocket input for a Pusher server, each case with what the server must do about it:
 * random text and bytes, mutated golden Pusher frames, deep and huge JSON, wrong types, unknown events,
 * binary frames, oversized messages, fragmented messages, and frames that break RFC 6455 itself. Seeded,
 * so a failing run can be replayed. Not thread-safe: one corpus per fuzzing thread.
 */
public final class WebSocketFuzzCorpus {

  /** What the server must answer a case with. */
  public enum Expect {
    /** A {@code pusher:error} (or {@code pusher:subscription_error}); the connection stays open. */
    ERROR,
    /** A close frame with one of the case's codes. */
    CLOSE,
    /** An error or a close; which depends on bytes the generator does not inspect (random bytes). */
    ERROR_OR_CLOSE,
    /** Anything a valid frame may get (a mutation may still be valid), but an answer or a clean close. */
    ANY
  }

  /** One case: the bytes to write (whole frames), and what must follow. */
  public record Case(String kind, byte[] wire, Expect expect, Set<Integer> closeCodes) {}

  /** Golden frames, as pusher-js sends them. */
  static final List<String> GOLDEN = List.of(
      "{\"event\":\"pusher:ping\",\"data\":{}}",
      "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"fuzz-public\"}}",
      "{\"event\":\"pusher:subscribe\",\"data\":{\"auth\":\"app-key:0000\",\"channel\":\"private-fuzz\"}}",
      "{\"event\":\"pusher:subscribe\",\"data\":{\"auth\":\"app-key:0000\",\"channel\":\"presence-fuzz\","
          + "\"channel_data\":\"{\\\"user_id\\\":\\\"u1\\\"}\"}}",
      "{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"fuzz-public\"}}",
      "{\"event\":\"client-typing\",\"channel\":\"private-fuzz\",\"data\":{\"x\":1}}",
      "{\"event\":\"pusher:signin\",\"data\":{\"user_data\":\"{\\\"id\\\":\\\"u1\\\"}\",\"auth\":\"app-key:0000\"}}");

  private static final String PUNCTUATION = "{}[]\":,\\ \t\n-+.eE0123456789tfnulx";

  private final Random random;
  private final int maxMessageBytes;

  /** @param maxMessageBytes the server's {@code SOKETI_WS_MAX_MESSAGE_SIZE_IN_KB}, in bytes */
  public WebSocketFuzzCorpus(long seed, int maxMessageBytes) {
    this.random = new Random(seed);
    this.maxMessageBytes = maxMessageBytes;
  }

  /** The next case; the mix is fixed per 1000 (about 3 % close their connection on purpose). */
  public Case next() {
    int roll = random.nextInt(1000);
    if (roll < 150) return text("random-text", randomText(1 + random.nextInt(200)), Expect.ERROR);
    if (roll < 310) return mutatedGolden();
    if (roll < 330) return text("deep-json", deepJson(), Expect.ERROR);
    if (roll < 335) return text("huge-json", hugeJson(), Expect.ERROR);
    if (roll < 485) return text("wrong-types", wrongTypes(), Expect.ERROR);
    if (roll < 635) return text("unknown-event", unknownEvent(), Expect.ERROR);
    if (roll < 715) return new Case("binary", frame(BINARY, randomBytes(random.nextInt(300))), Expect.ERROR, Set.of());
    if (roll < 815) return fragmented();
    if (roll < 965) return text("not-an-object", notAnObject(), Expect.ERROR);
    if (roll < 975) return randomBytesAsText();
    if (roll < 980) return oversized();
    if (roll < 996) return protocolViolation();
    return invalidUtf8();
  }

  private Case text(String kind, String json, Expect expect) {
    return new Case(kind, frame(TEXT, utf8(json)), expect, Set.of());
  }

  private Case mutatedGolden() {
    String g = GOLDEN.get(random.nextInt(GOLDEN.size()));
    StringBuilder s = new StringBuilder(g);
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations && s.length() > 0; m++) {
      int at = random.nextInt(s.length());
      switch (random.nextInt(5)) {
        case 0 -> s.deleteCharAt(at);
        case 1 -> s.insert(at, PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())));
        case 2 -> s.setCharAt(at, PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())));
        case 3 -> s.setLength(at);
        default -> {
          int to = Math.min(s.length(), at + 1 + random.nextInt(10));
          s.insert(at, s.substring(at, to));
        }
      }
    }
    return new Case("mutated-golden", frame(TEXT, utf8(s.toString())), Expect.ANY, Set.of());
  }

  private String deepJson() {
    boolean arrays = random.nextBoolean();
    // Past Jackson's nesting limit (1000), within the message limit.
    int depth = 1_001 + random.nextInt(Math.max(1, (maxMessageBytes - 200) / (arrays ? 2 : 6) - 1_001));
    StringBuilder s = new StringBuilder(depth * 6);
    s.append("{\"event\":\"pusher:subscribe\",\"data\":");
    for (int i = 0; i < depth; i++) s.append(arrays ? "[" : "{\"a\":");
    for (int i = 0; i < depth; i++) s.append(arrays ? "]" : "}");
    return s.append('}').toString();
  }

  private String hugeJson() {
    int budget = maxMessageBytes - 100 - random.nextInt(maxMessageBytes / 2);
    if (random.nextBoolean()) {
      StringBuilder s = new StringBuilder(budget + 20).append('{');
      for (int i = 0; s.length() < budget; i++) s.append("\"k").append(i).append("\":").append(i).append(',');
      return s.append("\"z\":0}").toString();
    }
    return "{\"event\":\"client-huge\",\"channel\":\"private-fuzz\",\"data\":\"" + "x".repeat(budget) + "\"}";
  }

  private String wrongTypes() {
    String[] odd = {"5", "null", "true", "[]", "[1,2]", "{}", "\"\"", "1e309", "-0", "{\"channel\":[\"a\"]}"};
    String v = odd[random.nextInt(odd.length)];
    return switch (random.nextInt(8)) {
      case 0 -> "{\"event\":" + v + ",\"data\":{}}";
      case 1 -> "{\"event\":\"pusher:subscribe\",\"data\":" + pick("5", "null", "true", "[]", "\"x\"") + "}";
      case 2 -> "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":" + pick("5", "null", "true", "[]", "{}") + "}}";
      case 3 -> "{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":" + pick("5", "null", "[]", "{}") + "}}";
      case 4 -> "{\"event\":\"pusher:signin\",\"data\":" + pick("5", "null", "[]", "\"x\"") + "}";
      case 5 -> "{\"event\":\"client-x\",\"channel\":" + pick("5", "null", "[]", "{}") + ",\"data\":{}}";
      case 6 -> "{\"data\":" + v + "}";
      default -> "{\"event\":\"pusher:subscribe\"}";
    };
  }

  private String unknownEvent() {
    String name = switch (random.nextInt(4)) {
      case 0 -> "pusher:" + randomWord();
      case 1 -> randomWord();
      case 2 -> "pusher_internal:" + randomWord();
      default -> "x" + randomText(1 + random.nextInt(80)).replace("\"", "").replace("\\", "");
    };
    return "{\"event\":\"" + name + "\",\"data\":{}}";
  }

  private String notAnObject() {
    return pick("[]", "[{\"event\":\"pusher:ping\"}]", "42", "\"pusher:ping\"", "null", "true", "-1.5e3", "[[[]]]",
        "{\"event\":\"pusher:ping\"", "{\"event\"", "{", "}", "{\"a\":1}{\"b\":2}x", "\u00e9\u00e8", "");
  }

  private Case fragmented() {
    // A bad message split into 2..5 fragments, sometimes with a WebSocket ping in between (allowed).
    byte[] payload = utf8(random.nextBoolean() ? unknownEvent() : wrongTypes());
    int parts = 2 + random.nextInt(4);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int from = 0;
    for (int p = 0; p < parts; p++) {
      int to = p == parts - 1 ? payload.length : Math.min(payload.length, from + random.nextInt(Math.max(1, payload.length / parts + 1)));
      byte[] piece = java.util.Arrays.copyOfRange(payload, from, to);
      out.writeBytes(RawFrameSocket.frame(p == parts - 1, 0, p == 0 ? TEXT : CONTINUATION, true, piece));
      if (p == 0 && random.nextInt(4) == 0) out.writeBytes(frame(PING, utf8("mid")));
      from = to;
    }
    return new Case("fragmented", out.toByteArray(), Expect.ERROR, Set.of());
  }

  private Case oversized() {
    byte[] big = new byte[maxMessageBytes + 1 + random.nextInt(1024)];
    java.util.Arrays.fill(big, (byte) 'x');
    if (random.nextBoolean()) {
      return new Case("oversized", frame(TEXT, big), Expect.CLOSE, Set.of(1009));
    }
    int half = big.length / 2;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(RawFrameSocket.frame(false, 0, TEXT, true, java.util.Arrays.copyOfRange(big, 0, half)));
    out.writeBytes(RawFrameSocket.frame(true, 0, CONTINUATION, true, java.util.Arrays.copyOfRange(big, half, big.length)));
    return new Case("oversized-fragmented", out.toByteArray(), Expect.CLOSE, Set.of(1009));
  }

  private Case protocolViolation() {
    byte[] body = utf8("{\"event\":\"pusher:ping\",\"data\":{}}");
    return switch (random.nextInt(7)) {
      case 0 -> new Case("unmasked", RawFrameSocket.frame(true, 0, TEXT, false, body), Expect.CLOSE, Set.of(1002));
      case 1 -> new Case("reserved-bits", RawFrameSocket.frame(true, 1 + random.nextInt(7), TEXT, true, body),
          Expect.CLOSE, Set.of(1002));
      case 2 -> new Case("reserved-opcode", RawFrameSocket.frame(true, 0, pick(3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF), true, body),
          Expect.CLOSE, Set.of(1002));
      case 3 -> new Case("lone-continuation", RawFrameSocket.frame(true, 0, CONTINUATION, true, body),
          Expect.CLOSE, Set.of(1002));
      case 4 -> new Case("fragmented-control", RawFrameSocket.frame(false, 0, PING, true, utf8("x")),
          Expect.CLOSE, Set.of(1002));
      case 5 -> new Case("long-control", frame(PING, new byte[126 + random.nextInt(100)]), Expect.CLOSE, Set.of(1002));
      default -> {
        // A new text message while a fragmented one is open.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(RawFrameSocket.frame(false, 0, TEXT, true, utf8("{\"event\":")));
        out.writeBytes(frame(TEXT, body));
        yield new Case("interleaved-message", out.toByteArray(), Expect.CLOSE, Set.of(1002));
      }
    };
  }

  private Case randomBytesAsText() {
    return new Case("random-bytes-as-text", frame(TEXT, randomBytes(1 + random.nextInt(100))), Expect.ERROR_OR_CLOSE,
        Set.of(1007));
  }

  private Case invalidUtf8() {
    byte[] bad = {'{', '"', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    return new Case("invalid-utf8", frame(TEXT, bad), Expect.CLOSE, Set.of(1007));
  }

  private String randomText(int chars) {
    StringBuilder s = new StringBuilder(chars);
    for (int i = 0; i < chars; i++) {
      int kind = random.nextInt(10);
      if (kind < 6) s.append((char) (32 + random.nextInt(95)));
      else if (kind < 8) s.append(PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())));
      else if (kind < 9) s.append((char) (0xA0 + random.nextInt(0x2000)));
      else s.appendCodePoint(0x1F300 + random.nextInt(0x300));
    }
    String t = s.toString();
    // Text that happens to be a JSON object with a string event would not be bad input.
    return t.startsWith("{") ? "x" + t : t;
  }

  private String randomWord() {
    StringBuilder s = new StringBuilder();
    int n = 1 + random.nextInt(20);
    for (int i = 0; i < n; i++) s.append((char) ('a' + random.nextInt(26)));
    String w = s.toString();
    return w.equals("ping") || w.equals("pong") ? w + "x" : w;
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
