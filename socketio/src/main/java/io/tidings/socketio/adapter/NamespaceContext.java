package io.tidings.socketio.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tidings.socketio.parser.Parser;
import io.tidings.transport.fanout.DeliveryListener;
import io.tidings.transport.loop.EventLoops;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What an {@link Adapter} knows of the namespace it serves (Node gives the adapter the {@code Namespace}
 * itself; Tidings gives it this, so that the adapter package never depends on the API above it).
 *
 * <p><b>Threading:</b> every method may be called from any thread.
 */
public interface NamespaceContext {

  /** The namespace's name, such as {@code "/"} or {@code "/chat"}. */
  String name();

  /** The transport's event loops (a {@code RoomRegistry} is built on them). */
  EventLoops loops();

  /** The server's parser: how a broadcast's packet is encoded, once for every socket. */
  Parser parser();

  /**
   * A new acknowledgement id of this namespace (Node's {@code nsp._ids++}), for a broadcast that asks
   * every client for an acknowledgement under one id.
   */
  long nextAckId();

  /** The connected socket {@code id} of this node, or null. */
  LocalSocket socket(String id);

  /**
   * Told what each broadcast pass of the fan-out delivered, for the server's meters (give it to the
   * {@code RoomRegistry}). Called on event loops.
   */
  default DeliveryListener deliveries() {
    return DeliveryListener.NONE;
  }

  /**
   * Whether some socket of this namespace watches what it is sent ({@code onAnyOutgoing}): then a broadcast
   * must visit its sockets one by one and call {@link LocalSocket#notifyOutgoing} on each.
   */
  default boolean watchesOutgoing() {
    return false;
  }

  /**
   * How long a disconnected socket's session is kept for connection state recovery, or null when
   * recovery is off (then broadcasts carry no offsets).
   */
  Duration maxDisconnectionDuration();

  /**
   * A {@code serverSideEmit} from another server reached this namespace: {@code args} is
   * {@code [event, ...args]}; {@code reply} takes the first argument of the listener's acknowledgement, or
   * is null when the sender asked for none.
   */
  void onServerSideEmit(ArrayNode args, Consumer<JsonNode> reply);
}
