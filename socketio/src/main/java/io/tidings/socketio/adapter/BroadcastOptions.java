package io.tidings.socketio.adapter;

import java.util.Set;

/**
 * Whom a broadcast (or a {@code fetchSockets}, {@code socketsJoin}, …) is for: Node's
 * {@code BroadcastOptions}. The sockets in at least one of {@code rooms} (every socket of the namespace when
 * {@code rooms} is empty) and in none of {@code except}. A socket is always in the room named by its own id,
 * so {@code except} can name single sockets. Immutable.
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, BroadcastFlags flags) {

  /** Every socket of the namespace, no flag. */
  public static final BroadcastOptions ALL = new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.NONE);

  public BroadcastOptions {
    rooms = Set.copyOf(rooms);
    except = Set.copyOf(except);
    if (flags == null) flags = BroadcastFlags.NONE;
  }
}
