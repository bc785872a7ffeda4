package io.tidings.socketio.adapter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.Set;

/**
 * The records of connection state recovery: what a disconnected socket leaves behind, and what a
 * reconnecting one gets back. Values only.
 */
public final class Sessions {

  private Sessions() {}

  /**
   * A socket that disconnected and may come back (Node's {@code SessionToPersist}).
   *
   * @param sid   the socket's id, which it gets back
   * @param pid   its private id, which the client presents to recover
   * @param rooms its rooms (its own id's included)
   * @param data  its {@code data}
   */
  public record Persisted(String sid, String pid, Set<String> rooms, Object data) {
    public Persisted {
      rooms = Set.copyOf(rooms);
    }
  }

  /**
   * A recovered session (Node's {@code Session}): the persisted one and the packets it missed, oldest
   * first, each an EVENT's data {@code [event, ...args, offset]}.
   */
  public record Restored(String sid, String pid, Set<String> rooms, Object data, List<ArrayNode> missedPackets) {
    public Restored {
      rooms = Set.copyOf(rooms);
      missedPackets = List.copyOf(missedPackets);
    }
  }
}
