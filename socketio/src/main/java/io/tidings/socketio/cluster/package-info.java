/**
 * The PostgreSQL cluster adapter: {@link io.tidings.socketio.cluster.PostgresAdapter} implements the adapter SPI
 * over the bus ({@code io.tidings.bus}), wire-compatible with Node's {@code @socket.io/postgres-adapter} 0.5 and
 * the Go port, so Java, Node and Go Socket.IO nodes share one database; {@link
 * io.tidings.socketio.cluster.PostgresAdapterFactory} makes one per namespace on the process's bus, with {@link
 * io.tidings.socketio.cluster.PostgresAdapterOptions} (the Go port's options). {@code ClusterWire} writes and
 * reads the ClusterAdapter's messages; {@code ClusterRecovery} and {@code SessionRequests} carry connection state
 * recovery across nodes.
 *
 * <p>Uses the adapter SPI ({@code io.tidings.socketio.adapter}), the parser's packets and the bus; nothing in the
 * library imports this package.
 */
package io.tidings.socketio.cluster;
