package io.tidings.socketio.clientdist;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The content codings the client files are served in, and the choice among them as Node makes it:
 * {@code accepts(req).encodings(["br", "gzip", "deflate"])} of the {@code accepts} 1.3 / {@code negotiator}
 * 0.6.3 packages. The client's {@code Accept-Encoding} entries are read with their {@code q} values (a
 * {@code *} matches every coding); the codings the client accepts with {@code q > 0} are ranked by
 * {@code q}, then exact names before {@code *}, then the order the client listed them in, then Node's
 * order; the first one wins, no header at all meaning none.
 *
 * <p>Tidings has no Brotli encoder: where Node would answer {@code br}, the next coding in that ranking is
 * used (browsers list {@code gzip} first, so they get what Node sends them).
 *
 * <p><b>Threading:</b> stateless.
 */
public enum ContentCoding {
  IDENTITY(null),
  GZIP("gzip"),
  DEFLATE("deflate");

  /** Node's offer, in its order; {@code br} ranks but is never chosen (see above). */
  private static final List<String> NODE_OFFER = List.of("br", "gzip", "deflate");

  private final String token;

  ContentCoding(String token) {
    this.token = token;
  }

  /** The {@code Content-Encoding} value, or null for {@link #IDENTITY}. */
  public String token() {
    return token;
  }

  /** The coding Node would pick for {@code acceptEncoding} (null when the request has none), Brotli aside. */
  public static ContentCoding negotiate(String acceptEncoding) {
    if (acceptEncoding == null || acceptEncoding.isEmpty()) return IDENTITY;
    List<Entry> accepted = parse(acceptEncoding);
    Rank best = null;
    for (int i = 0; i < NODE_OFFER.size(); i++) {
      Rank rank = rank(NODE_OFFER.get(i), i, accepted);
      if (!(rank.q > 0) || NODE_OFFER.get(i).equals("br")) continue;
      if (best == null || rank.beats(best)) best = rank;
    }
    if (best == null) return IDENTITY;
    return NODE_OFFER.get(best.offered).equals("gzip") ? GZIP : DEFLATE;
  }

  /** One entry of the header: its coding, {@code q}, and place. */
  private record Entry(String coding, double q, int order) {}

  /** How well one offered coding fits: Node's {q, s (1 = named exactly), o (client order), i (offer order)}. */
  private record Rank(double q, int specificity, int order, int offered) {
    boolean beats(Rank other) {
      if (q != other.q) return q > other.q;
      if (specificity != other.specificity) return specificity > other.specificity;
      if (order != other.order) return order < other.order;
      return offered < other.offered;
    }
  }

  /** negotiator's parseAcceptEncoding, without the implied {@code identity} (never offered here). */
  private static List<Entry> parse(String header) {
    List<Entry> entries = new ArrayList<>();
    String[] parts = header.split(",", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].strip();
      int semicolon = part.indexOf(';');
      String coding = (semicolon < 0 ? part : part.substring(0, semicolon)).strip();
      if (coding.isEmpty() || coding.chars().anyMatch(Character::isWhitespace)) continue;
      double q = 1;
      if (semicolon >= 0) {
        for (String param : part.substring(semicolon + 1).split(";")) {
          String[] kv = param.strip().split("=", -1);
          if (kv[0].equals("q")) {
            q = kv.length > 1 ? parseFloat(kv[1]) : Double.NaN;
            break;
          }
        }
      }
      entries.add(new Entry(coding, q, i));
    }
    return entries;
  }

  /**
   * negotiator's getEncodingPriority: the best-fitting entry for {@code coding}, or {q 0} when none fits.
   * Node replaces its pick by an entry that is more specific, else of higher q (a NaN difference counting
   * as a tie, as in JavaScript's {@code ||}), else listed later.
   */
  private static Rank rank(String coding, int offered, List<Entry> accepted) {
    Rank best = new Rank(0, 0, -1, offered);
    for (Entry e : accepted) {
      int s;
      if (e.coding.toLowerCase(Locale.ROOT).equals(coding)) s = 1;
      else if (e.coding.equals("*")) s = 0;
      else continue;
      boolean replace;
      if (best.specificity != s) {
        replace = best.specificity < s;
      } else {
        double qDifference = best.q - e.q;
        replace = qDifference != 0 && !Double.isNaN(qDifference) ? qDifference < 0 : best.order < e.order;
      }
      if (replace) best = new Rank(e.q, s, e.order, offered);
    }
    return best;
  }

  /** JavaScript's {@code parseFloat}: the longest leading decimal number (or Infinity), NaN when there is none. */
  static double parseFloat(String s) {
    String t = s.stripLeading();
    int end = 0;
    if (end < t.length() && (t.charAt(end) == '+' || t.charAt(end) == '-')) end++;
    if (t.startsWith("Infinity", end)) return t.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    int digits = 0;
    boolean dot = false;
    while (end < t.length()) {
      char c = t.charAt(end);
      if (c >= '0' && c <= '9') digits++;
      else if (c == '.' && !dot) dot = true;
      else break;
      end++;
    }
    if (digits == 0) return Double.NaN;
    if (end < t.length() && (t.charAt(end) == 'e' || t.charAt(end) == 'E')) {
      int e = end + 1;
      if (e < t.length() && (t.charAt(e) == '+' || t.charAt(e) == '-')) e++;
      int exponentStart = e;
      while (e < t.length() && t.charAt(e) >= '0' && t.charAt(e) <= '9') e++;
      if (e > exponentStart) end = e;
    }
    return Double.parseDouble(t.substring(0, end));
  }
}
