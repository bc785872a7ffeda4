/**
 * What the admin namespace knows of a server: the SPI a server implements to be shown
 * ({@link io.tidings.admin.model.InstrumentedServer}, {@link io.tidings.admin.model.AdminListener}) and the
 * values it reports, each with the JSON shape of {@code @socket.io/admin-ui} 0.5.1. Uses nothing else of
 * Tidings.
 */
package io.tidings.admin.model;
