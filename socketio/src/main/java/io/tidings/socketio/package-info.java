/**
 * The Socket.IO v4 server (protocol v5), behaving as Node's socket.io 4.8: {@link
 * io.tidings.socketio.SocketIoServer} (Node's {@code Server}), {@link io.tidings.socketio.Namespace}, {@link
 * io.tidings.socketio.Socket}, the immutable {@link io.tidings.socketio.BroadcastOperator}, {@link
 * io.tidings.socketio.RemoteSocket}, and the values and callbacks they use ({@link io.tidings.socketio.Args},
 * {@link io.tidings.socketio.Ack}, {@link io.tidings.socketio.EventHandler}, {@link
 * io.tidings.socketio.Middleware}, …). Everything that reaches sockets by room goes through the namespace's
 * {@link io.tidings.socketio.adapter.Adapter}; this package knows no cluster.
 *
 * <pre>
 *   EngineSocket ──► Client (one per connection: decoder, namespaces joined, connectTimeout)
 *                      └─► Socket (one per namespace) ─► HandlerQueue ─► user handlers
 *   Namespace ── middlewares, connection handlers, sockets ── Adapter (rooms, broadcasts, sessions)
 * </pre>
 *
 * <p><b>Threads.</b> A connection and its sockets live on the event loop of their Engine.IO session: packets
 * are decoded and routed there, rooms joined there. User code (middlewares, handlers, acknowledgement
 * callbacks) runs through the socket's {@code HandlerQueue}: inline on the loop by default,
 * or on the {@code handlerExecutor}, one task at a time per socket, in order. Every public method is
 * thread-safe; changes that belong to the loop hop there ({@code LoopCalls}).
 *
 * <p>Where Tidings differs from Node is listed in {@code docs/SOCKETIO.md}.
 */
package io.tidings.socketio;
