package io.tidings.admin.model;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The server the admin UI shows, as one node sees itself: its namespaces, sockets and counts, the live
 * events, and the admin actions carried out on its own sockets. Everything here is local to the node; the
 * admin namespace makes the cluster's view out of every node's answers (over the Socket.IO adapter), so an
 * implementation never talks to other nodes.
 *
 * <p>Tidings Socket.IO implements it over its namespaces; the Pusher server over its apps (each app a
 * namespace, channels as rooms, connections as sockets).
 *
 * <p><b>Threading:</b> every method may be called from any thread and must not block.
 */
public interface InstrumentedServer {

  /** This node's namespaces with their socket counts (the admin namespace included, as Node lists it). */
  List<NamespaceCount> namespaces();

  /** This node's sockets, every namespace. Completes on any thread. */
  CompletionStage<List<AdminSocket>> sockets();

  /** Connections open on this node (Engine.IO clients; Pusher connections). */
  int clientsCount();

  /** Of those, the ones on HTTP long-polling. */
  int pollingClientsCount();

  /** Where this node counts connections, packets and bytes per second. */
  AggregatedEvents aggregatedEvents();

  /**
   * The actions this server can take ({@link AdminFeature#EMIT}, {@link AdminFeature#JOIN}, …, not the
   * two reporting features); {@code readonly} turns them all off.
   */
  Set<AdminFeature> actions();

  /**
   * Tells {@code listener} what happens from now on (development mode, while someone watches), replacing
   * the one before; {@link AdminListener#NONE} stops the telling, and with it any work done only for it.
   */
  void listen(AdminListener listener);

  /**
   * Makes this node's sockets of namespace {@code nsp} join {@code room}: those in room {@code filter} (a
   * socket's id is a room), or all when {@code filter} is null. Unknown namespaces are ignored.
   */
  void join(String nsp, String room, String filter);

  /** As {@link #join}, leaving {@code room}. */
  void leave(String nsp, String room, String filter);

  /** Disconnects this node's sockets of {@code nsp} in room {@code filter} (all when null); {@code close} closes their connection too. */
  void disconnect(String nsp, boolean close, String filter);

  /** Emits {@code args} (event name first) to this node's sockets of {@code nsp} in room {@code filter} (all when null). */
  void emit(String nsp, String filter, List<Object> args);
}
