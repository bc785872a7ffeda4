package io.tidings.bus;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.bus.wire.JsonData;

/**
 * One message received from a namespace, already decoded (attachments fetched and unpacked).
 *
 * <p>A message received as text keeps its {@code data} as that JSON text ({@link #rawData()}) and builds
 * the tree only when {@link #data()} is first called (see {@link JsonData}), so a listener that needs one
 * field, or nothing (its own echoes), pays for no tree.
 *
 * <p>Immutable once delivered; the {@code data} tree must not be modified by listeners (several may read
 * it). Thread-safe.
 */
public final class BusMessage {

  private final int type;
  private final JsonData data;
  private final String uid;
  private final String nsp;
  private final long seq;
  private final boolean fromSelf;

  /**
   * @param type     wire type, see {@link MessageType}
   * @param data     the {@code data} member, or {@code null} when the message has none (heartbeats)
   * @param uid      the sender's uid ({@code "emitter"} for emitters)
   * @param nsp      the namespace it was published on
   * @param seq      the sender's per-namespace sequence number, or {@code -1} when the sender does not
   *                 number its messages (Node processes, emitters)
   * @param fromSelf true when this node published it (NOTIFY is delivered to the sender too)
   */
  public BusMessage(int type, JsonNode data, String uid, String nsp, long seq, boolean fromSelf) {
    this(type, JsonData.ofTree(data), uid, nsp, seq, fromSelf);
  }

  private BusMessage(int type, JsonData data, String uid, String nsp, long seq, boolean fromSelf) {
    this.type = type;
    this.data = data;
    this.uid = uid;
    this.nsp = nsp;
    this.seq = seq;
    this.fromSelf = fromSelf;
  }

  /** A message whose {@code data} arrived as {@code data} (text, tree or both, shared with its envelope). */
  public static BusMessage received(int type, JsonData data, String uid, String nsp, long seq, boolean fromSelf) {
    return new BusMessage(type, data, uid, nsp, seq, fromSelf);
  }

  public int type() {
    return type;
  }

  /** The {@code data} member as a tree, or null when the message has none. */
  public JsonNode data() {
    return data.tree();
  }

  /**
   * The {@code data} member's JSON text as it arrived, or null when the message was not received as text
   * (the in-process bus, attachment rows). Prefer it on hot paths; fall back to {@link #data()}.
   */
  public String rawData() {
    return data.text();
  }

  public String uid() {
    return uid;
  }

  public String nsp() {
    return nsp;
  }

  public long seq() {
    return seq;
  }

  public boolean fromSelf() {
    return fromSelf;
  }

  @Override
  public String toString() {
    return "BusMessage[type=" + type + ", uid=" + uid + ", nsp=" + nsp + ", seq=" + seq + ", fromSelf=" + fromSelf
        + ", data=" + data + "]";
  }
}
