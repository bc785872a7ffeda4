package io.tidings.socketio.engine.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tidings.socketio.fuzz.Fuzz;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 120,000 seeded random and mutated long-polling payloads (and 50,000 WebSocket text frames): each decodes or fails with
 * {@link EngineParseException} and nothing else, allocates no more than its size warrants, and what
 * decodes encodes to a payload that decodes to the same packets.
 */
class EngineParserFuzzTest {

  private static final long SEED = 20_260_405L;
  private static final int CASES = 120_000;
  private static final int FRAMES = 50_000;
  /** Interesting characters: types, the separator, base64 of both alphabets, padding, multi-byte text. */
  private static final String ALPHABET = "0123456789b\u001eAQUJD=-_+/ \t\u00e9\u0141\u013d\ud83d\ude00x[]{},\"";
  /** Generous per-character allowance; a decoder allocating by something it read would exceed it. */
  private static final long BYTES_PER_CHARACTER = 64;
  private static final long BYTES_PER_CASE = 16 * 1024;
  /** Cases before allocations are measured: the first ones load and initialise classes. */
  private static final int WARM_UP = 1_000;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void everyPayloadDecodesOrIsAParseErrorAndReencodesToTheSamePackets() {
    Fuzz fuzz = new Fuzz(SEED);
    int decoded = 0;
    for (int i = 0; i < CASES; i++) {
      String payload = payload(fuzz);
      List<EnginePacket> packets = new ArrayList<>();
      long before = Fuzz.allocatedBytes();
      try {
        EngineParser.decodePayload(payload, packets::add);
      } catch (EngineParseException expected) {
        packets = null;
      } catch (RuntimeException e) {
        fail("case %d of seed %d: %s threw %s", i, SEED, escape(payload), e);
      }
      long allocated = Fuzz.allocatedBytes() - before;
      if (i >= WARM_UP) {
        assertThat(allocated).as("bytes allocated for case %d of seed %d", i, SEED)
            .isLessThanOrEqualTo(BYTES_PER_CASE + BYTES_PER_CHARACTER * payload.length());
      }
      if (packets != null) {
        decoded++;
        assertThat(roundTrip(packets)).as("case %d of seed %d: %s", i, SEED, escape(payload)).isEqualTo(packets);
      }
    }
    assertThat(decoded).as("payloads that decoded").isGreaterThan(CASES / 4);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void everyWebSocketTextFrameDecodesOrIsAParseError() {
    Fuzz fuzz = new Fuzz(SEED + 1);
    for (int i = 0; i < FRAMES; i++) {
      String frame = fuzz.chance(0.5) ? fuzz.string(ALPHABET, 12) : new String(fuzz.bytes(12), StandardCharsets.UTF_8);
      frame = new String(frame.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8); // as a WebSocket delivers it
      try {
        EnginePacket p = EngineParser.decodePacket(frame);
        assertThat(EngineParser.decodePacket(new String(EncodedPacket.of(p).pollingForm(), StandardCharsets.UTF_8)))
            .isEqualTo(p);
      } catch (EngineParseException expected) {
        assertThat(frame).satisfiesAnyOf(
            f -> assertThat(f).isEmpty(),
            f -> assertThat(EnginePacketType.ofCode(f.charAt(0))).isNull());
      }
    }
  }

  /** A payload as a transport gets it: packets joined, or garbage, then perhaps mutated; always valid UTF-8. */
  private static String payload(Fuzz fuzz) {
    String s;
    if (fuzz.chance(0.15)) {
      s = new String(fuzz.bytes(24), StandardCharsets.UTF_8);
    } else {
      StringBuilder b = new StringBuilder();
      for (int n = 1 + fuzz.nextInt(4); n > 0; n--) {
        if (b.length() > 0) {
          b.append('\u001e');
        }
        if (fuzz.chance(0.3)) {
          Base64.Encoder encoder = fuzz.chance(0.5) ? Base64.getEncoder() : Base64.getUrlEncoder().withoutPadding();
          b.append('b').append(encoder.encodeToString(fuzz.bytes(9)));
        } else {
          b.append(fuzz.nextInt(8)).append(fuzz.string(ALPHABET.replace("\u001e", ""), 8));
        }
      }
      s = b.toString();
    }
    if (fuzz.chance(0.4)) {
      s = fuzz.mutate(s, ALPHABET, 3);
    }
    // What arrives over HTTP went through UTF-8: no lone surrogate survives.
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  private static List<EnginePacket> roundTrip(List<EnginePacket> packets) {
    List<EncodedPacket> encoded = packets.stream().map(EncodedPacket::of).toList();
    List<EnginePacket> again = new ArrayList<>();
    try {
      EngineParser.decodePayload(new String(EngineParser.encodePayload(encoded), StandardCharsets.UTF_8), again::add);
    } catch (EngineParseException e) {
      throw new AssertionError("the re-encoded payload does not decode", e);
    }
    return again;
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.append('"').toString();
  }
}
