package io.tidings.bus.wire;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One bus message as it travels, inline in a NOTIFY or MessagePack-encoded in an attachment row:
 * {@code {"type":…,"data":…,"uid":…,"nsp":…}} plus Tidings' {@code seq}.
 *
 * <p>Immutable by convention: the {@code data} tree is shared and must not be modified once the
 * envelope exists.
 *
 * @param type the message type
 * @param data the {@code data} member, or {@code null} when absent (heartbeats, ADAPTER_CLOSE)
 * @param uid  the sender's uid ({@code ""} when absent)
 * @param nsp  the namespace, or {@code null} when the sender left it out (the Node and Go emitters do);
 *             the receiver then takes the namespace of the channel
 * @param seq  the sender's per-namespace sequence number, or {@code -1} when absent
 */
public record Envelope(int type, JsonNode data, String uid, String nsp, long seq) implements NotifyPayload {}
