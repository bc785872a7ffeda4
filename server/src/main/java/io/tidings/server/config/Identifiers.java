package io.tidings.server.config;

import java.util.regex.Pattern;

/**
 * Validation of SQL identifiers that come from configuration. A table name is never spliced into SQL
 * unless it passed {@link #isValidTableName}, and then only in its quoted form ({@link #quoteTableName}).
 */
public final class Identifiers {

  private static final Pattern PART = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

  private Identifiers() {}

  /** A plain or schema-qualified name whose parts are letters, digits, {@code _} and {@code $}. */
  public static boolean isValidTableName(String name) {
    if (name == null) return false;
    String[] parts = name.split("\\.", -1);
    if (parts.length > 2) return false;
    for (String p : parts) {
      if (!PART.matcher(p).matches()) return false;
    }
    return true;
  }

  /**
   * The name quoted for SQL, part by part: {@code apps} → {@code "apps"}, {@code s.apps} →
   * {@code "s"."apps"}. Quoting keeps the name's case exactly as written, as Soketi's Knex does.
   *
   * @throws IllegalArgumentException if the name is not valid
   */
  public static String quoteTableName(String name) {
    if (!isValidTableName(name)) throw new IllegalArgumentException("invalid table name: " + name);
    StringBuilder sb = new StringBuilder();
    for (String p : name.split("\\.")) {
      if (sb.length() > 0) sb.append('.');
      sb.append('"').append(p).append('"');
    }
    return sb.toString();
  }
}
