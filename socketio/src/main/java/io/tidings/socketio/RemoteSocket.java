package io.tidings.socketio;

import io.tidings.socketio.adapter.BroadcastFlags;
import io.tidings.socketio.adapter.SocketDetails;
import java.util.Set;

/**
 * A socket as {@code fetchSockets} found it, on this node or another: Node's {@code RemoteSocket}. Its
 * fields are a snapshot; its methods act on the live socket wherever it is, through the adapter.
 * Immutable and thread-safe.
 */
public final class RemoteSocket {

  private final Namespace nsp;
  private final SocketDetails details;
  private final Handshake handshake;

  RemoteSocket(Namespace nsp, SocketDetails details) {
    this.nsp = nsp;
    this.details = details;
    this.handshake = Handshake.fromJson(details.handshake());
  }

  public String id() {
    return details.id();
  }

  public Handshake handshake() {
    return handshake;
  }

  public Set<String> rooms() {
    return details.rooms();
  }

  /** The socket's {@code data}: the object itself on this node, a {@code JsonNode} from another. */
  public Object data() {
    return details.data();
  }

  private BroadcastOperator self() {
    return new BroadcastOperator(nsp, Set.of(id()), Set.of(), BroadcastFlags.NONE);
  }

  public boolean emit(String event, Object... args) {
    return self().emit(event, args);
  }

  /** Emits to this socket with an acknowledgement timeout: {@code timeout(d).emitWithAck(…)}, as Node's. */
  public BroadcastOperator timeout(java.time.Duration timeout) {
    return self().timeout(timeout);
  }

  public void join(String... rooms) {
    self().socketsJoin(rooms);
  }

  public void leave(String... rooms) {
    self().socketsLeave(rooms);
  }

  public void disconnect(boolean close) {
    self().disconnectSockets(close);
  }
}
