package io.tidings.admin.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tidings.socketio.adapter.Adapter;
import io.tidings.socketio.adapter.AdapterFactory;
import io.tidings.socketio.adapter.BroadcastOptions;
import io.tidings.socketio.adapter.SocketDetails;
import io.tidings.socketio.adapter.Sessions;
import io.tidings.socketio.parser.Packet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A namespace's adapter, passed through, that also tells who joins and leaves which room: Node's adapter
 * events {@code join-room} and {@code leave-room}, which the admin UI streams. Every join and leave of a
 * socket on this node goes through {@link #addAll}, {@link #del} and {@link #delAll} (a remote
 * {@code socketsJoin} included: the adapter makes the local sockets join), so watching those three is enough.
 *
 * <p>Build the server with {@link #around} to see room changes in the UI; without it the UI still lists each
 * socket's rooms, as of when it asked.
 *
 * <p><b>Threading:</b> as the adapter it wraps; the listener is called on the thread of the change.
 */
public final class RoomWatchingAdapter implements Adapter {

  /** What is told of room changes. */
  public interface RoomListener {
    void joined(String nsp, String room, String socketId);

    void left(String nsp, String room, String socketId);

    RoomListener NONE = new RoomListener() {
      @Override public void joined(String nsp, String room, String socketId) {}
      @Override public void left(String nsp, String room, String socketId) {}
    };
  }

  private final Adapter delegate;
  private final String nsp;
  private volatile RoomListener listener = RoomListener.NONE;

  private RoomWatchingAdapter(Adapter delegate, String nsp) {
    this.delegate = delegate;
    this.nsp = nsp;
  }

  /** {@code factory}'s adapters, each watched: {@code SocketIoServer.newBuilder().adapter(RoomWatchingAdapter.around(f))}. */
  public static AdapterFactory around(AdapterFactory factory) {
    return ctx -> new RoomWatchingAdapter(factory.create(ctx), ctx.name());
  }

  /** Starts telling {@code listener}; replaces the one before. */
  public void listen(RoomListener listener) {
    this.listener = listener;
  }

  @Override
  public void init() {
    delegate.init();
  }

  @Override
  public void addAll(String id, Set<String> rooms) {
    Set<String> before = delegate.socketRooms(id);
    delegate.addAll(id, rooms);
    RoomListener l = listener;
    for (String room : rooms) {
      if (before == null || !before.contains(room)) l.joined(nsp, room, id);
    }
  }

  @Override
  public void del(String id, String room) {
    Set<String> before = delegate.socketRooms(id);
    delegate.del(id, room);
    if (before != null && before.contains(room)) listener.left(nsp, room, id);
  }

  @Override
  public void delAll(String id) {
    Set<String> before = delegate.socketRooms(id);
    delegate.delAll(id);
    if (before != null) {
      RoomListener l = listener;
      for (String room : before) l.left(nsp, room, id);
    }
  }

  @Override
  public void broadcast(Packet packet, BroadcastOptions opts) {
    delegate.broadcast(packet, opts);
  }

  @Override
  public void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCount, Consumer<JsonNode> ack) {
    delegate.broadcastWithAck(packet, opts, clientCount, ack);
  }

  @Override
  public Set<String> sockets(Set<String> rooms) {
    return delegate.sockets(rooms);
  }

  @Override
  public Set<String> socketRooms(String id) {
    return delegate.socketRooms(id);
  }

  @Override
  public CompletableFuture<List<SocketDetails>> fetchSockets(BroadcastOptions opts) {
    return delegate.fetchSockets(opts);
  }

  @Override
  public void addSockets(BroadcastOptions opts, Set<String> rooms) {
    delegate.addSockets(opts, rooms);
  }

  @Override
  public void delSockets(BroadcastOptions opts, Set<String> rooms) {
    delegate.delSockets(opts, rooms);
  }

  @Override
  public void disconnectSockets(BroadcastOptions opts, boolean close) {
    delegate.disconnectSockets(opts, close);
  }

  @Override
  public void serverSideEmit(ArrayNode args) {
    delegate.serverSideEmit(args);
  }

  @Override
  public CompletableFuture<List<JsonNode>> serverSideEmitWithAck(ArrayNode args, Duration timeout) {
    return delegate.serverSideEmitWithAck(args, timeout);
  }

  @Override
  public CompletableFuture<Integer> serverCount() {
    return delegate.serverCount();
  }

  @Override
  public void persistSession(Sessions.Persisted session) {
    delegate.persistSession(session);
  }

  @Override
  public CompletableFuture<Sessions.Restored> restoreSession(String pid, String offset) {
    return delegate.restoreSession(pid, offset);
  }

  @Override
  public CompletableFuture<Void> close() {
    return delegate.close();
  }
}
