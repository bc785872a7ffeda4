package io.tidings.bus;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One message received from a namespace, already decoded (attachments fetched and unpacked).
 *
 * <p>Immutable once delivered; the {@code data} tree must not be modified by listeners (several may
 * read it).
 *
 * @param type     wire type, see {@link MessageType}
 * @param data     the {@code data} member, or {@code null} when the message has none (heartbeats)
 * @param uid      the sender's uid ({@code "emitter"} for emitters)
 * @param nsp      the namespace it was published on
 * @param seq      the sender's per-namespace sequence number, or {@code -1} when the sender does not
 *                 number its messages (Node processes, emitters)
 * @param fromSelf true when this node published it (NOTIFY is delivered to the sender too)
 */
public record BusMessage(int type, JsonNode data, String uid, String nsp, long seq, boolean fromSelf) {}
