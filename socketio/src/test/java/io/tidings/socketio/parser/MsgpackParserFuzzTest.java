package io.tidings.socketio.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.socketio.fuzz.Fuzz;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * 120,000 seeded random and mutated binary messages: packet maps holding every MessagePack format (ints of
 * every width, float32 and float64, str, bin, ext of every size and type, maps with keys of every kind),
 * raw random bytes, and this parser's own output mutated. Each decodes or fails with
 * {@link PacketFormatException} and nothing else, allocates no more than its size warrants, and each
 * decoded packet encodes to a message that decodes to the very same packet.
 */
class MsgpackParserFuzzTest {

  private static final long SEED = 302L;
  private static final int CASES = 120_000;
  private static final int WARM_UP = 1_000;
  private static final long BYTES_PER_BYTE = 1024;
  private static final long BYTES_PER_MESSAGE = 32 * 1024;
  private static final String[] KEYS = {"type", "data", "nsp", "id", "options", "__proto__", "0", "10", "01", "a"};

  private final MsgpackParser parser = new MsgpackParser();

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void everyMessageDecodesOrIsRefusedAndEveryPacketSurvivesARoundTrip() {
    Fuzz fuzz = new Fuzz(SEED);
    PacketDecoder decoder = parser.newDecoder();
    warmUpRarePaths(decoder);
    int packets = 0;
    for (int i = 0; i < CASES; i++) {
      byte[] message = message(fuzz);
      long before = Fuzz.allocatedBytes();
      Packet p;
      try {
        p = decoder.decode(message);
      } catch (PacketFormatException refused) {
        p = null;
      } catch (RuntimeException | StackOverflowError e) {
        throw new AssertionError("case " + i + " of seed " + SEED + ": " + Trees.HEX.formatHex(message), e);
      }
      if (i >= WARM_UP) {
        assertThat(Fuzz.allocatedBytes() - before).as("bytes allocated, case %d of seed %d: %s", i, SEED, Trees.HEX.formatHex(message))
            .isLessThanOrEqualTo(BYTES_PER_MESSAGE + BYTES_PER_BYTE * message.length);
      }
      if (p != null) {
        packets++;
        byte[] encoded = parser.encode(p).get(0).webSocketPayload();
        try {
          assertThat(decoder.decode(encoded)).as("case %d of seed %d: %s", i, SEED, Trees.HEX.formatHex(message)).isEqualTo(p);
        } catch (PacketFormatException e) {
          throw new AssertionError("case " + i + ": what the encoder wrote is refused: " + Trees.HEX.formatHex(encoded), e);
        }
      }
    }
    assertThat(packets).as("packets decoded").isGreaterThan(CASES / 4);
  }

  /** Date formatting loads and initialises much on first use; that is no cost of a message. */
  private static void warmUpRarePaths(PacketDecoder decoder) {
    // {type: 0, data: {<Date(0)>: <Date(0)>}, nsp: "/"}
    try {
      decoder.decode(Trees.HEX.parseHex("83a47479706500a46461746181d7000000000000000000d7000000000000000000a36e7370a12f"));
    } catch (PacketFormatException e) {
      throw new AssertionError(e);
    }
  }

  private byte[] message(Fuzz fuzz) {
    int kind = fuzz.nextInt(10);
    if (kind == 0) {
      return fuzz.bytes(16);
    }
    byte[] packet = packet(fuzz);
    if (kind <= 3) {
      packet = fuzz.mutate(packet, 3);
    }
    return packet;
  }

  /** A packet map: mostly the right fields with values of every kind, sometimes odd or extra fields. */
  private static byte[] packet(Fuzz fuzz) {
    MessageBufferPacker out = MessagePack.newDefaultBufferPacker();
    try {
      int type = fuzz.nextInt(fuzz.chance(0.9) ? 5 : 8) - (fuzz.chance(0.05) ? 3 : 0);
      boolean hasData = type == 1 ? fuzz.chance(0.1) : fuzz.chance(0.9);
      boolean hasId = fuzz.chance(0.3);
      boolean extra = fuzz.chance(0.2);
      out.packMapHeader(2 + (hasData ? 1 : 0) + (hasId ? 1 : 0) + (extra ? 1 : 0));
      out.packString("type");
      if (fuzz.chance(0.95)) {
        out.packInt(type);
      } else {
        value(fuzz, out, 3);
      }
      if (hasData) {
        out.packString("data");
        if ((type == 0 || type == 4) && fuzz.chance(0.8)) {
          int n = fuzz.nextInt(4);
          out.packMapHeader(n);
          for (int k = 0; k < n; k++) {
            out.packString(fuzz.pick(KEYS));
            value(fuzz, out, 1);
          }
        } else if (fuzz.chance(0.7)) {
          int n = fuzz.nextInt(4);
          out.packArrayHeader(n);
          for (int k = 0; k < n; k++) {
            value(fuzz, out, 0);
          }
        } else {
          value(fuzz, out, 0);
        }
      }
      if (hasId) {
        out.packString("id");
        if (fuzz.chance(0.8)) {
          out.packLong(fuzz.pick(0L, 1L, 7L, -1L, 1L << 53, (1L << 53) - 1, 4_294_967_296L));
        } else {
          value(fuzz, out, 3);
        }
      }
      if (extra) {
        out.packString(fuzz.pick(KEYS));
        value(fuzz, out, 1);
      }
      out.packString("nsp");
      if (fuzz.chance(0.95)) {
        out.packString(fuzz.pick("/", "/admin", "", "\u00e9"));
      } else {
        value(fuzz, out, 3);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One value in any MessagePack format notepack can meet. */
  private static void value(Fuzz fuzz, MessagePacker out, int depth) throws IOException {
    int r = fuzz.nextInt(depth > 3 ? 12 : 16);
    switch (r) {
      case 0 -> out.packNil();
      case 1 -> out.packBoolean(fuzz.chance(0.5));
      case 2 -> out.packLong(fuzz.pick(0L, 127L, 128L, 255L, 256L, 65_535L, 65_536L, -1L, -32L, -33L, -128L, -129L,
          -32_768L, -32_769L, 1L << 31, -(1L << 31) - 1, 1L << 53, (1L << 53) + 1, Long.MAX_VALUE, Long.MIN_VALUE));
      case 3 -> out.packBigInteger(java.math.BigInteger.ONE.shiftLeft(64).subtract(java.math.BigInteger.ONE));
      case 4 -> out.packFloat(fuzz.pick(1.5f, 2f, Float.NaN, Float.POSITIVE_INFINITY, -0f));
      case 5 -> out.packDouble(fuzz.pick(1.5, 2.0, 0.1, Double.NaN, Double.NEGATIVE_INFINITY, -0.0, 1e300, 0x1p63, 0x1p64));
      case 6, 7 -> out.packString(fuzz.pick("s", "", "\u00e9", "\ud83d\ude00", "x".repeat(40), "connect", "__proto__"));
      case 8 -> {
        byte[] raw = fuzz.pick(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xff}, new byte[] {0x41});
        out.packRawStringHeader(raw.length);
        out.writePayload(raw);
      }
      case 9 -> {
        byte[] b = fuzz.bytes(4);
        out.packBinaryHeader(b.length);
        out.writePayload(b);
      }
      case 10, 11 -> {
        int length = fuzz.pick(1, 2, 4, 8, 16, 3, 0);
        byte type = fuzz.chance(0.6) ? 0 : fuzz.pick((byte) 5, (byte) -1, (byte) 127);
        out.packExtensionTypeHeader(type, length);
        byte[] b = new byte[length];
        for (int k = 0; k < length; k++) {
          b[k] = (byte) fuzz.nextInt(fuzz.chance(0.5) ? 2 : 256);
        }
        out.writePayload(b);
      }
      case 12, 13 -> {
        int n = fuzz.nextInt(4);
        out.packArrayHeader(n);
        for (int k = 0; k < n; k++) {
          value(fuzz, out, depth + 1);
        }
      }
      default -> {
        int n = fuzz.nextInt(4);
        out.packMapHeader(n);
        for (int k = 0; k < n; k++) {
          if (fuzz.chance(0.7)) {
            out.packString(fuzz.pick(KEYS));
          } else {
            value(fuzz, out, depth + 1);
          }
          value(fuzz, out, depth + 1);
        }
      }
    }
  }
}
