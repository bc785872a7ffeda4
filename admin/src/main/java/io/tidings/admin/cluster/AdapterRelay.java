package io.tidings.admin.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.socketio.Namespace;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The cluster through the admin namespace's own adapter, as Node's admin-ui does it: emits are the
 * namespace's broadcasts (a cluster adapter carries them to every node), and the nodes ask each other with
 * {@code serverSideEmit} ({@code tidings:admin:sockets}, {@code tidings:admin:action}). With the in-memory
 * adapter there are no other nodes, and this is simply the local namespace.
 */
public final class AdapterRelay implements AdminRelay {

  static final String SOCKETS_REQUEST = "tidings:admin:sockets";
  static final String ACTION = "tidings:admin:action";
  static final String WATCHING = "tidings:admin:watching";
  static final String SESSION = "tidings:admin:session";

  /** Makes one per admin namespace. */
  public static final Factory FACTORY = AdapterRelay::new;

  private final Namespace nsp;

  private AdapterRelay(Namespace nsp) {
    this.nsp = nsp;
  }

  @Override
  public void start(Node node) {
    nsp.on(SOCKETS_REQUEST, (args, ack) -> node.sockets().whenComplete((list, e) -> ack.send(e == null ? list : List.of())));
    nsp.on(ACTION, (args, ack) -> node.apply(args.get(0)));
    nsp.on(WATCHING, (args, ack) -> node.othersWatching());
    nsp.on(SESSION, (args, ack) -> node.sessionIssued(args.getString(0)));
  }

  @Override
  public void emit(String event, Object... args) {
    nsp.emit(event, args);
  }

  @Override
  public CompletableFuture<List<JsonNode>> otherSockets(Duration timeout) {
    return nsp.serverSideEmitWithAck(SOCKETS_REQUEST, timeout);
  }

  @Override
  public void sendAction(JsonNode action) {
    nsp.serverSideEmit(ACTION, action);
  }

  @Override
  public void announceWatching() {
    nsp.serverSideEmit(WATCHING);
  }

  @Override
  public void announceSession(String sessionId) {
    nsp.serverSideEmit(SESSION, sessionId);
  }

  @Override
  public void close() {}
}
