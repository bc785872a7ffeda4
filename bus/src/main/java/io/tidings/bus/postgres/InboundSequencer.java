package io.tidings.bus.postgres;

import io.tidings.bus.MessageType;
import io.tidings.bus.wire.AttachmentHeader;
import io.tidings.bus.wire.Envelope;
import io.tidings.bus.wire.EnvelopeCodec;
import io.tidings.bus.wire.NotifyPayload;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns notifications into envelopes and hands them to their namespaces in the order PostgreSQL delivered
 * them, attachments included.
 *
 * <p>An attachment header needs a read of the attachment table before its message exists; the messages
 * that arrive meanwhile wait behind it, so a large message is never overtaken by the small ones its sender
 * published after it (the Node adapter gives no such guarantee). The wait is bounded: a read that fails,
 * finds no row, or takes longer than {@code readTimeoutMillis} drops that one message, counted as
 * undecodable and logged, and the line moves on. This node's own headers are resolved from memory
 * ({@link AttachmentStore#takeOwn}) without a read.
 *
 * <p>A payload that is not a bus message is dropped the same way; nothing a peer sends can stop the bus.
 *
 * <p><b>Threading:</b> event loop only.
 */
final class InboundSequencer {

  private static final Logger log = LoggerFactory.getLogger(InboundSequencer.class);

  private static final class Slot {
    final String channel;
    Envelope envelope;
    boolean settled;

    Slot(String channel) {
      this.channel = channel;
    }
  }

  private final Vertx vertx;
  private final String selfUid;
  private final AttachmentStore attachments;
  private final BusCounters counters;
  private final long readTimeoutMillis;
  private final Function<String, PostgresNamespace> byChannel;
  private final Function<String, PostgresNamespace> byName;
  private final ArrayDeque<Slot> line = new ArrayDeque<>();
  private final ThrottledWarning undecodable;

  InboundSequencer(Vertx vertx, String selfUid, AttachmentStore attachments, BusCounters counters, long readTimeoutMillis,
      Function<String, PostgresNamespace> byChannel, Function<String, PostgresNamespace> byName) {
    this.vertx = vertx;
    this.selfUid = selfUid;
    this.attachments = attachments;
    this.counters = counters;
    this.undecodable = new ThrottledWarning(log, "Dropped undecodable bus messages", counters.errors());
    this.readTimeoutMillis = readTimeoutMillis;
    this.byChannel = byChannel;
    this.byName = byName;
  }

  /** One notification from {@code channel}. */
  void accept(String channel, String payload) {
    counters.received.increment();
    NotifyPayload parsed;
    try {
      parsed = EnvelopeCodec.parse(payload);
    } catch (IOException e) {
      drop(e.getMessage() + " in " + abbreviate(payload));
      return;
    }
    Slot slot = new Slot(channel);
    line.addLast(slot);
    switch (parsed) {
      case Envelope e -> settle(slot, e);
      case AttachmentHeader h -> resolve(slot, h);
    }
    release();
  }

  void flushWarnings(boolean closing) {
    if (closing) {
      undecodable.flushNow();
    } else {
      undecodable.flush();
    }
  }

  private void resolve(Slot slot, AttachmentHeader h) {
    if (h.type() == MessageType.REPLAY && !awaitedReplay(slot.channel, h.uid())) {
      // Someone else's replay (the header does not say for whom, but this node awaits none from that
      // sender): not worth a read. Its number still counts in the sender's sequence.
      settle(slot, new Envelope(h.type(), null, h.uid(), null, h.seq()));
      return;
    }
    if (h.uid().equals(selfUid)) {
      Envelope own = attachments.takeOwn(h.attachmentId());
      if (own != null) {
        settle(slot, own);
        return;
      }
    }
    long timer = vertx.setTimer(readTimeoutMillis, t -> {
      if (!slot.settled) {
        drop("attachment " + h.attachmentId() + " from " + h.uid() + " not read within " + readTimeoutMillis + " ms");
        settle(slot, null);
        release();
      }
    });
    attachments.fetch(h.attachmentId()).onComplete(ar -> {
      if (slot.settled) return;
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        settle(slot, ar.result());
      } else {
        drop("attachment " + h.attachmentId() + " from " + h.uid() + ": " + ar.cause().getMessage());
        settle(slot, null);
      }
      release();
    });
  }

  private boolean awaitedReplay(String channel, String sender) {
    PostgresNamespace ns = byChannel.apply(channel);
    return ns != null && ns.awaitsReplayFrom(sender);
  }

  private static void settle(Slot slot, Envelope e) {
    slot.envelope = e;
    slot.settled = true;
  }

  private void release() {
    while (!line.isEmpty() && line.peekFirst().settled) {
      Slot slot = line.pollFirst();
      if (slot.envelope != null) {
        route(slot);
      }
    }
  }

  private void route(Slot slot) {
    Envelope e = slot.envelope;
    // Node dispatches by the message's own nsp; emitters leave it out, and then the channel tells.
    PostgresNamespace target = e.nsp() == null ? byChannel.apply(slot.channel) : byName.apply(e.nsp());
    if (target != null) {
      try {
        target.dispatch(e);
      } catch (RuntimeException bug) {
        drop("dispatch failed: " + bug);
        log.debug("Dispatch failure", bug);
      }
    }
  }

  private void drop(String why) {
    counters.undecodable.increment();
    undecodable.record(1, why);
  }

  private static String abbreviate(String payload) {
    return payload.length() <= 120 ? payload : payload.substring(0, 120) + "…";
  }
}
