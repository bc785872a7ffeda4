/**
 * The Socket.IO Admin UI's built files, served over the transport at a configurable path. The files are the
 * npm package's {@code ui/dist}, fetched and checked (SHA-512) by the build, never committed.
 */
package io.tidings.admin.ui;
