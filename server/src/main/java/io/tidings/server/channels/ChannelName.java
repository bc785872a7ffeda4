package io.tidings.server.channels;

import java.util.regex.Pattern;

/**
 * What a channel name says about the channel: its kind (by the Pusher prefixes), whether it is a
 * cache channel, and whether the name is allowed. Stateless.
 */
public final class ChannelName {

  /** Soketi's allowed characters; a leading {@code #} admits {@code #server-to-user-<id>}. */
  private static final Pattern ALLOWED = Pattern.compile("^#?[-a-zA-Z0-9_=@,.;]+$");

  /** Prefix of the channel that reaches every socket a user signed in with. */
  public static final String SERVER_TO_USER_PREFIX = "#server-to-user-";

  /** The kinds of channel, each with its own subscription rule. */
  public enum Kind {
    PUBLIC, PRIVATE, ENCRYPTED, PRESENCE;

    /** True when a subscription needs a signature. */
    public boolean needsAuth() {
      return this != PUBLIC;
    }
  }

  private ChannelName() {}

  /** The kind, from the Pusher prefixes ({@code presence-}, {@code private-encrypted-}, {@code private-}). */
  public static Kind kind(String channel) {
    if (channel.startsWith("presence-")) return Kind.PRESENCE;
    if (channel.startsWith("private-encrypted-")) return Kind.ENCRYPTED;
    if (channel.startsWith("private-")) return Kind.PRIVATE;
    return Kind.PUBLIC;
  }

  /** True for the cache variants: {@code cache-}, {@code private-cache-}, {@code private-encrypted-cache-}, {@code presence-cache-}. */
  public static boolean isCache(String channel) {
    return channel.startsWith("cache-") || channel.startsWith("private-cache-")
        || channel.startsWith("private-encrypted-cache-") || channel.startsWith("presence-cache-");
  }

  /** True when the name uses only the allowed characters. */
  public static boolean isAllowed(String channel) {
    return ALLOWED.matcher(channel).matches();
  }

  /** The user id of a {@code #server-to-user-<id>} channel, or null for any other channel. */
  public static String serverToUserId(String channel) {
    return channel.startsWith(SERVER_TO_USER_PREFIX) ? channel.substring(SERVER_TO_USER_PREFIX.length()) : null;
  }
}
