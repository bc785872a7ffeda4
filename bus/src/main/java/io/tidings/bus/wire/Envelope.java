package io.tidings.bus.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One bus message as it travels, inline in a NOTIFY or MessagePack-encoded in an attachment row:
 * {@code {"type":…,"data":…,"uid":…,"nsp":…}} plus Tidings' {@code seq}.
 *
 * <p>A received envelope keeps its {@code data} as the JSON text it arrived in and builds the tree only
 * when {@link #data()} is first asked for (see {@link JsonData}).
 *
 * <p>Immutable by convention: the {@code data} tree is shared and must not be modified once the envelope
 * exists. Thread-safe.
 */
public final class Envelope implements NotifyPayload {

  private final int type;
  private final String uid;
  private final String nsp;
  private final long seq;
  private final JsonData data;

  /**
   * @param type the message type
   * @param data the {@code data} member, or {@code null} when absent (heartbeats, ADAPTER_CLOSE)
   * @param uid  the sender's uid ({@code ""} when absent)
   * @param nsp  the namespace, or {@code null} when the sender left it out (the Node and Go emitters do);
   *             the receiver then takes the namespace of the channel
   * @param seq  the sender's per-namespace sequence number, or {@code -1} when absent
   */
  public Envelope(int type, JsonNode data, String uid, String nsp, long seq) {
    this(type, JsonData.ofTree(data), uid, nsp, seq);
  }

  private Envelope(int type, JsonData data, String uid, String nsp, long seq) {
    this.type = type;
    this.data = data;
    this.uid = uid;
    this.nsp = nsp;
    this.seq = seq;
  }

  /** An envelope whose {@code data} is the JSON text {@code rawData} (null: no data), parsed on demand. */
  public static Envelope withRawData(int type, String rawData, String uid, String nsp, long seq) {
    return new Envelope(type, JsonData.ofText(rawData), uid, nsp, seq);
  }

  public int type() {
    return type;
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

  /** The {@code data} member as a tree, or null when absent; built from {@link #rawData()} on first use. */
  public JsonNode data() {
    return data.tree();
  }

  /** The {@code data} member's JSON text as received, or null when the envelope was built from a tree. */
  public String rawData() {
    return data.text();
  }

  /** The {@code data} member in whichever forms it is held, to share with the message delivered from it. */
  public JsonData jsonData() {
    return data;
  }

  /** True when the message carries {@code data}. */
  public boolean hasData() {
    return data.isPresent();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Envelope e && type == e.type && seq == e.seq && uid.equals(e.uid)
        && Objects.equals(nsp, e.nsp) && Objects.equals(data(), e.data());
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, uid, nsp, seq);
  }

  @Override
  public String toString() {
    return "Envelope[type=" + type + ", uid=" + uid + ", nsp=" + nsp + ", seq=" + seq + ", data="
        + data + "]";
  }
}
