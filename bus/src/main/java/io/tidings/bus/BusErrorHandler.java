package io.tidings.bus;

/**
 * Hears every failure a bus absorbed instead of ending the process, as the Node adapter's
 * {@code errorHandler} option and the Go port's {@code ErrorHandler}: a message dropped (the outgoing queue
 * full, a statement PostgreSQL refused, a message that waited too long to be sent), a received message that
 * could not be decoded or whose attachment was gone, a listener too slow or throwing. The bus counts each
 * of them in {@link BusStats} and logs them, throttled, whether or not a handler is set; the handler sees
 * every single one.
 *
 * <p><b>Threading:</b> called on the bus's event loop or its delivery thread, one call per failure; it must
 * be quick and must not block (hand the error to an executor to do more). What it throws is ignored.
 */
@FunctionalInterface
public interface BusErrorHandler {

  /** Does nothing: the bus's own counting and logging only. */
  BusErrorHandler NONE = error -> {};

  void onError(BusException error);
}
