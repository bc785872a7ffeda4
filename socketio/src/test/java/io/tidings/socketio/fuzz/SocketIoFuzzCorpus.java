package io.tidings.socketio.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Generates Engine.IO and Socket.IO input for a live server, each case with what the server must do about
 * it: valid packets it must take without closing (events, acks for unknown ids, CONNECT to an unknown
 * namespace, binary events, the engine's pong and noop), Engine.IO packets of no known type it must answer by
 * closing, and everything in between, which it may take or answer by closing cleanly: mutated valid packets,
 * random text and bytes, deep nesting, wrong placeholders, packets for namespaces not joined, messages over
 * {@code maxHttpBufferSize}. Seeded, so a run can be replayed. Not thread-safe: one per fuzzing thread.
 */
final class SocketIoFuzzCorpus {

  /** What the server must do about a case. */
  enum Expect {
    /** Take it: the connection stays open and answers the next marker. */
    ANSWER,
    /** Close the connection (a close frame, or over polling the end of the session). */
    CLOSE,
    /** Either, but cleanly. */
    ANY
  }

  /**
   * One case: the messages to send in order, each a {@code String} (a text message: an Engine.IO packet) or
   * a {@code byte[]} (a binary message).
   */
  record Case(String kind, List<Object> messages, Expect expect) {

    /** The first message as text, for reports. */
    String sample() {
      Object m = messages.get(0);
      String s = m instanceof String t ? t : "<" + ((byte[]) m).length + " bytes>";
      return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }

    /** Whether it is malformed or random: anything but a valid packet. */
    boolean bad() {
      return expect != Expect.ANSWER;
    }

    /** Whether sending it may change the state of the main namespace or of the parser (see the test). */
    boolean mayChangeState() {
      return expect != Expect.ANSWER;
    }
  }

  /** Valid packets that never change the connection's state: the server takes each any number of times. */
  static final List<String> GOLDEN = List.of(
      "42[\"echo\",\"x\"]",
      "42[\"echo\",1,2.5,null,true,{\"a\":[1,{\"b\":\"c\"}]},[]]",
      "421[\"echo\"]",
      "4217[\"echo\",\"h\u00e9llo \u2603 \ud83d\ude00\"]",
      "42[\"nobody-listens\",{\"deep\":{\"er\":[1,2,3]}}]",
      "43999[]",
      "4388[\"late\",\"ack\"]",
      "40/nope,",
      "40/nope,{\"token\":1}",
      "3",
      "6");

  /** Packets for mutation: the golden ones and some that change state. */
  static final List<String> SEEDS = List.of(
      "42[\"echo\",\"x\"]",
      "421[\"echo\",{\"a\":1}]",
      "43999[]",
      "40/other,{\"token\":\"ok\"}",
      "40/other,{\"token\":\"no\"}",
      "41/other,",
      "42/other,[\"echo\"]",
      "451-[\"echo\",{\"_placeholder\":true,\"num\":0}]",
      "461-5[{\"_placeholder\":true,\"num\":0}]",
      "44{\"message\":\"x\"}",
      "40/nope,",
      "4",
      "3",
      "6");

  private static final String PUNCTUATION = "{}[]\":,\\/ -+.eE0123456789tfnul_xb";
  private static final String ENGINE_TYPES_UNKNOWN = "789xyzAZ!{[#~";

  private final Fuzz fuzz;
  private final int maxPayloadBytes;

  /** @param maxPayloadBytes the server's {@code maxHttpBufferSize} */
  SocketIoFuzzCorpus(long seed, int maxPayloadBytes) {
    this.fuzz = new Fuzz(seed);
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /** The next case; the mix is fixed per 1000. */
  Case next() {
    int r = fuzz.nextInt(1000);
    if (r < 200) return golden();
    if (r < 500) return new Case("mutated", List.of(fuzz.mutate(fuzz.pick(SEEDS.toArray(new String[0])), PUNCTUATION, 4)), Expect.ANY);
    if (r < 600) return new Case("random-socketio", List.of("4" + fuzz.string(PUNCTUATION, 60)), Expect.ANY);
    if (r < 650) return new Case("random-engine", List.of(fuzz.string(PUNCTUATION, 40)), Expect.ANY);
    if (r < 730) return new Case("unknown-engine-type",
        List.of(ENGINE_TYPES_UNKNOWN.charAt(fuzz.nextInt(ENGINE_TYPES_UNKNOWN.length())) + fuzz.string(PUNCTUATION, 20)),
        Expect.CLOSE);
    if (r < 820) return new Case("random-binary", List.of(fuzz.bytes(64)), Expect.ANY);
    if (r < 860) return deep();
    if (r < 920) return placeholders();
    if (r < 960) return new Case("wrong-namespace", List.of(fuzz.pick("42/other,[\"echo\"]", "41/nope,", "43/x,1[]",
        "45/other,1-[\"a\",{\"_placeholder\":true,\"num\":0}]", "40/other,\"not an object\"", "40/other,{\"token\":\"ok\"}")),
        Expect.ANY);
    if (r < 999) return new Case("engine-noise", List.of(fuzz.pick("2", "2probe", "5", "1", "0", "4", "", "b", "bAAA",
        "b!!!", "4\u0000")), Expect.ANY);
    return oversized();
  }

  private Case golden() {
    if (fuzz.chance(0.15)) {
      return new Case("golden-binary", List.of("451-[\"echo\",{\"_placeholder\":true,\"num\":0}]", fuzz.bytes(32)),
          Expect.ANSWER);
    }
    return new Case("golden", List.of(fuzz.pick(GOLDEN.toArray(new String[0]))), Expect.ANSWER);
  }

  private Case deep() {
    int depth = 1 + fuzz.nextInt(20_000);
    StringBuilder b = new StringBuilder("42[\"echo\",");
    b.append("[".repeat(depth)).append(fuzz.chance(0.5) ? "]".repeat(depth) : "");
    b.append(fuzz.chance(0.5) ? "]" : "");
    if (fuzz.chance(0.3)) b.setLength(0);
    if (b.length() == 0) b.append("42[\"echo\",\"").append("x".repeat(fuzz.nextInt(200_000))).append("\"]");
    return new Case("deep-or-long", List.of(b.toString()), Expect.ANY);
  }

  private Case placeholders() {
    int declared = fuzz.nextInt(4);
    int sent = fuzz.nextInt(4);
    int num = fuzz.nextInt(5) - 1;
    List<Object> messages = new java.util.ArrayList<>();
    messages.add("45" + declared + "-[\"echo\",{\"_placeholder\":true,\"num\":" + num + "}]");
    for (int i = 0; i < sent; i++) messages.add(fuzz.bytes(16));
    return new Case("placeholders", messages, Expect.ANY);
  }

  private Case oversized() {
    byte[] big = new byte[maxPayloadBytes + 1 + fuzz.nextInt(1000)];
    java.util.Arrays.fill(big, (byte) 'x');
    big[0] = '4';
    return new Case("oversized", List.of(new String(big, StandardCharsets.US_ASCII)), Expect.CLOSE);
  }
}
