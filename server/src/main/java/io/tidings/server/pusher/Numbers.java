package io.tidings.server.pusher;

/** Formats numbers in messages the way JavaScript prints them ({@code 2}, {@code 2.5}). */
final class Numbers {

  private Numbers() {}

  static String js(double d) {
    return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
