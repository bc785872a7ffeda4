package io.tidings.socketio.fuzz;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

/**
 * What the fuzz tests share: a seeded source of random choices (the seed is printed in every failure, so a
 * case can be replayed), mutations, and a meter of what the current thread allocates.
 */
public final class Fuzz {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final SplittableRandom random;

  public Fuzz(long seed) {
    this.random = new SplittableRandom(seed);
  }

  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  public boolean chance(double p) {
    return random.nextDouble() < p;
  }

  @SafeVarargs
  public final <T> T pick(T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  public byte[] bytes(int maxLength) {
    byte[] b = new byte[random.nextInt(maxLength + 1)];
    random.nextBytes(b);
    return b;
  }

  /** {@code s} with up to {@code edits} characters inserted, removed or replaced by one of {@code alphabet}. */
  public String mutate(String s, String alphabet, int edits) {
    StringBuilder b = new StringBuilder(s);
    for (int n = random.nextInt(edits + 1); n > 0; n--) {
      int at = random.nextInt(b.length() + 1);
      char c = alphabet.charAt(random.nextInt(alphabet.length()));
      switch (random.nextInt(3)) {
        case 0 -> b.insert(at, c);
        case 1 -> { if (at < b.length()) b.deleteCharAt(at); }
        default -> { if (at < b.length()) b.setCharAt(at, c); else b.append(c); }
      }
    }
    return b.toString();
  }

  /** {@code b} with up to {@code edits} bytes inserted, removed, replaced, or the tail cut. */
  public byte[] mutate(byte[] b, int edits) {
    byte[] out = b.clone();
    for (int n = random.nextInt(edits + 1); n > 0; n--) {
      int at = random.nextInt(out.length + 1);
      switch (random.nextInt(4)) {
        case 0 -> {
          byte[] longer = new byte[out.length + 1];
          System.arraycopy(out, 0, longer, 0, at);
          longer[at] = (byte) random.nextInt(256);
          System.arraycopy(out, at, longer, at + 1, out.length - at);
          out = longer;
        }
        case 1 -> {
          if (at < out.length) {
            byte[] shorter = new byte[out.length - 1];
            System.arraycopy(out, 0, shorter, 0, at);
            System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
            out = shorter;
          }
        }
        case 2 -> {
          if (at < out.length) out[at] = (byte) random.nextInt(256);
        }
        default -> out = java.util.Arrays.copyOf(out, at);
      }
    }
    return out;
  }

  /** A random string over {@code alphabet}. */
  public String string(String alphabet, int maxLength) {
    StringBuilder b = new StringBuilder();
    for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  /** Bytes the current thread has allocated so far. */
  public static long allocatedBytes() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }
}
