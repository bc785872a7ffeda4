/**
 * The cluster interop app of issue 13 ({@code ./tidings example interop}): a Tidings Socket.IO node on the
 * PostgreSQL adapter that behaves as its Node twin ({@code src/test/node/interop/interop-server.js}, socket.io
 * 4.8.4 on {@code @socket.io/postgres-adapter} 0.5.0), so that mixed Java and Node clusters can be driven alike.
 */
package io.tidings.examples.interop;
