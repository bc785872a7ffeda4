package io.tidings.bus;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes into the bus without being a node of it, as the Socket.IO emitters do
 * ({@code @socket.io/postgres-emitter}): no LISTEN, no heartbeat, nothing received, and the uid
 * {@value #EMITTER_UID}, which no node ever counts as a peer. Any namespace may be written to by name; the
 * messages carry the same envelope as a node's (top-level {@code nsp} included, which Node's adapter 0.5
 * requires and Node's own emitter forgets) but no sequence number, and large or binary ones go through the
 * attachment table as a node's do.
 *
 * <p>See {@link io.tidings.bus.postgres.PostgresBus#publisher} for the PostgreSQL implementation, and
 * {@link io.tidings.bus.wire.OutboundMessage} to publish on a connection of one's own instead.
 *
 * <p><b>Threading:</b> every method is thread-safe and non-blocking except {@link #close()}, which waits
 * for {@link #shutdown()}. Messages published from one thread leave in the order they were published.
 */
public interface BusPublisher extends AutoCloseable {

  /** The uid every emitter publishes under, the Node emitter's. */
  String EMITTER_UID = "emitter";

  /** {@value #EMITTER_UID}. */
  default String uid() {
    return EMITTER_UID;
  }

  /**
   * Queues a message for {@code namespace}.
   *
   * <p>Ownership: the publisher owns {@code data} from this call on; the caller must not modify it.
   *
   * @param data the {@code data} member, or null for none
   * @return true when queued; false when dropped (the queue is full or the publisher shut down), which is
   *         also counted in {@link BusStats#droppedMessages()} and logged
   */
  boolean publish(String namespace, int type, JsonNode data);

  /** Like {@link #publish} for {@code data} already written as JSON text, as {@link BusNamespace#publishRaw}. */
  boolean publishRaw(String namespace, int type, String dataJson);

  /**
   * Like {@link #publish}, and tells the caller what became of the message. The future completes once
   * PostgreSQL committed the statement that carries it (the NOTIFY; for an attachment, the header's NOTIFY
   * after the row's INSERT). It fails with a {@link BusPublishException} when the message was dropped
   * instead: at once when the queue is full or the publisher shut down; later when PostgreSQL refused the
   * statement, when the publisher shut down before sending it, or when it waited {@code sendTimeout}
   * without being handed to PostgreSQL (the database unreachable, the queue too long), in which case it is
   * withdrawn and never sent. A message already handed to PostgreSQL is never withdrawn: if the connection
   * breaks under its statement it is sent again on the next one (so it may arrive twice, the commit having
   * been lost with the connection), and its future waits for that outcome. Every drop is also counted in
   * {@link BusStats#droppedMessages()} and logged (throttled).
   *
   * <p>The future completes on the publisher's event loop: a callback that may block must be attached with an
   * executor ({@code whenCompleteAsync(..., executor)}).
   *
   * <p>Ownership: the publisher owns {@code data} from this call on; the caller must not modify it.
   *
   * @param data        the {@code data} member, or null for none
   * @param sendTimeout how long the message may wait to be handed to PostgreSQL; positive
   */
  CompletableFuture<Void> send(String namespace, int type, JsonNode data, Duration sendTimeout);

  /** Figures for metrics (published, dropped, attachments written, queued); live view. */
  BusStats stats();

  /** Sends what is queued (for a bounded time), then closes the connection. Completes when done. */
  CompletableFuture<Void> shutdown();

  @Override
  default void close() {
    shutdown().join();
  }
}
