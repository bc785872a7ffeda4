/**
 * The adapter SPI: what a namespace asks of the node and of the cluster — rooms, broadcasts (with and
 * without acknowledgements), {@code fetchSockets}, {@code socketsJoin}/{@code socketsLeave},
 * {@code disconnectSockets}, {@code serverSideEmit}, connection state recovery's sessions — shaped as Node's
 * socket.io-adapter {@code Adapter}/{@code ClusterAdapter}, so a cluster adapter (PostgreSQL, wire-compatible
 * with Node's) implements {@link io.tidings.socketio.adapter.Adapter} and is given to the server as an {@link
 * io.tidings.socketio.adapter.AdapterFactory}, touching nothing else.
 *
 * <p>The adapter sees its namespace through {@link io.tidings.socketio.adapter.NamespaceContext} and each local
 * socket through {@link io.tidings.socketio.adapter.LocalSocket}, never the API classes above it, so this package
 * depends only on the parser, the engine's packets and the transport. {@link
 * io.tidings.socketio.adapter.InMemoryAdapter} is the default: one node, broadcasts through the transport's
 * {@code RoomRegistry}, encoded once.
 *
 * <p><b>How a cluster adapter fits</b> (Node's {@code ClusterAdapter}): keep an {@code InMemoryAdapter} for
 * this node's part and delegate the local operations to it; for each cluster operation apply it locally, then
 * publish it (unless {@code flags.local}); apply what other nodes publish to the local one. Acknowledged
 * broadcasts report their client count per node ({@code clientCount} is called once per node, 0 included),
 * {@link io.tidings.socketio.adapter.Adapter#serverCount()} says how many nodes to wait for.
 */
package io.tidings.socketio.adapter;
