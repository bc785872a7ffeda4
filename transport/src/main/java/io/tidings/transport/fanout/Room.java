package io.tidings.transport.fanout;

/**
 * One room of a {@link RoomRegistry}: a member array per event loop and the total. {@code size} changes
 * only inside the registry's per-key {@code compute}; {@code members[i]} belongs to loop {@code i}.
 */
final class Room {

  final String name;
  final LoopMembers[] members;
  int size;

  Room(String name, int loops) {
    this.name = name;
    this.members = new LoopMembers[loops];
    for (int i = 0; i < loops; i++) members[i] = new LoopMembers();
  }
}
