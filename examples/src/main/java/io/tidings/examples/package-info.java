/**
 * Runnable applications on the Tidings Socket.IO library, started by {@code ./tidings example NAME}
 * ({@link io.tidings.examples.Main}); {@link io.tidings.examples.Examples} lists them. Each lives in a
 * package of its own and uses only the library's public API.
 */
package io.tidings.examples;
