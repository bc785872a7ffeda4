/**
 * The browser client Node's socket.io serves beside the server ({@code serveClient}, on by default):
 * {@code socket.io-client}'s {@code dist/} files at {@code <path>/socket.io.js}, {@code .min.js},
 * {@code .msgpack.min.js}, {@code .esm.min.js} and their source maps, with Node's headers, its
 * {@code ETag}/304 and its content codings. The files come from the client's npm tarball at build time (see
 * the module's pom) and are read from the classpath.
 */
package io.tidings.socketio.clientdist;
