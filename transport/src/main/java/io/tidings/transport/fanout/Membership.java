package io.tidings.transport.fanout;

/**
 * One recipient's place in one room of a {@link RoomRegistry}: the handle {@link RoomRegistry#join}
 * fills in and {@link RoomRegistry#leave} takes back. A protocol may extend it to keep what it knows
 * about that membership (Pusher: the presence member), and filter broadcasts on it.
 *
 * <p><b>Threading:</b> owned by the recipient's event loop.
 */
public class Membership {

  final Recipient recipient;
  /** The room joined, or null when not (yet, or any more) in one. */
  Room room;
  /** Index in the room's {@link LoopMembers} of the recipient's loop; -1 when not in it. */
  int slot = -1;

  public Membership(Recipient recipient) {
    if (recipient == null) throw new IllegalArgumentException("recipient is null");
    this.recipient = recipient;
  }

  public final Recipient recipient() {
    return recipient;
  }

  /** The name of the room joined, or null. */
  public final String room() {
    Room r = room;
    return r == null ? null : r.name;
  }
}
