package io.tidings.bus.wire;

/**
 * The NOTIFY that announces a message stored in the attachment table:
 * {@code {"uid":…,"type":…,"attachmentId":"<id>"}} (plus Tidings' {@code seq}). It carries no
 * namespace: the channel implies it, and the stored message repeats it. Immutable.
 *
 * @param uid          the sender's uid
 * @param type         the stored message's type
 * @param attachmentId the row id; Node writes it as a decimal string, and either form is read
 * @param seq          the stored message's sequence number, or {@code -1} when absent
 */
public record AttachmentHeader(String uid, int type, long attachmentId, long seq) implements NotifyPayload {}
