package io.tidings.emitter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;

/**
 * Which sockets an operation reaches, and how: socket.io's {@code BroadcastOptions}, the rooms to reach
 * (none: everyone), the rooms whose sockets are left out, and the flags ({@code volatile}, {@code compress}).
 * Rooms keep the order they were first named in and appear once, as in the Node emitter's {@code Set}s; flags
 * keep the order they were first set in, as its {@code Object.assign}; both reach the wire in that order.
 *
 * <p>Immutable and thread-safe: each {@code with…} returns a new value sharing nothing mutable.
 */
record BroadcastOptions(SequencedSet<String> rooms, SequencedSet<String> except, Map<String, Boolean> flags) {

  static final BroadcastOptions EVERYONE = new BroadcastOptions(
      Collections.unmodifiableSequencedSet(new LinkedHashSet<>()),
      Collections.unmodifiableSequencedSet(new LinkedHashSet<>()),
      Map.of());

  /** These options reaching {@code more} rooms too. */
  BroadcastOptions withRooms(Collection<String> more) {
    return new BroadcastOptions(union(rooms, more, "room"), except, flags);
  }

  /** These options leaving out the sockets of {@code more} rooms too. */
  BroadcastOptions withExcept(Collection<String> more) {
    return new BroadcastOptions(rooms, union(except, more, "room"), flags);
  }

  /** These options with flag {@code name} set to {@code value} (in its first place if it was set before). */
  BroadcastOptions withFlag(String name, boolean value) {
    Map<String, Boolean> copy = new LinkedHashMap<>(flags);
    copy.put(name, value);
    return new BroadcastOptions(rooms, except, Collections.unmodifiableMap(copy));
  }

  private static SequencedSet<String> union(SequencedSet<String> set, Collection<String> more, String what) {
    List<String> checked = new ArrayList<>(more.size());
    for (String name : more) {
      if (name == null) {
        throw new IllegalArgumentException("A " + what + " name must not be null");
      }
      checked.add(name);
    }
    LinkedHashSet<String> copy = new LinkedHashSet<>(set);
    copy.addAll(checked);
    return Collections.unmodifiableSequencedSet(copy);
  }
}
