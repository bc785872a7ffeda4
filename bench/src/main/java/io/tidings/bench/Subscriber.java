package io.tidings.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;

/**
 * One subscribing WebSocket client of the load generator. It upgrades, lets its
 * {@link SubscriberProtocol} subscribe, then stamps every benchmark message it receives: latency from
 * the message's intended send time into the step's {@link Recording}, its number into a
 * {@link SequenceLog} per step.
 *
 * <pre>
 *   connect ──► upgrade sent ──101──► open ──(protocol)──► subscribed ──► … ──► closed
 * </pre>
 *
 * <p><b>Threading:</b> confined to its channel's event loop; {@link #recording} is set from the
 * orchestrator (volatile) and the logs are read on the loop.
 */
public final class Subscriber extends ChannelInboundHandlerAdapter {

  /** Told when a subscriber is subscribed or gone. Called on the subscriber's loop. */
  public interface Events {
    void subscribed(Subscriber s);

    void closed(Subscriber s);
  }

  private static final byte[] HEADERS_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final SubscriberProtocol protocol;
  private final byte[] upgrade;
  private final int loop;
  private final Events events;
  private final Payload.Stamp stamp = new Payload.Stamp();
  private Channel channel;
  private ByteBuf cumulation;
  private boolean upgraded;
  private boolean subscribed;
  private long subscribedNanos;

  /** The step being measured; null between steps. */
  volatile Recording recording;
  private Recording logged;
  private SequenceLog log;
  private long stale;
  private long received;
  private long bytesReceived;

  public Subscriber(SubscriberProtocol protocol, byte[] upgradeRequest, int loop, Events events) {
    this.protocol = protocol;
    this.upgrade = upgradeRequest;
    this.loop = loop;
    this.events = events;
  }

  public Channel channel() {
    return channel;
  }

  public boolean subscribed() {
    return subscribed;
  }

  /** When the subscription was confirmed ({@link System#nanoTime()}). */
  public long subscribedNanos() {
    return subscribedNanos;
  }

  /** Benchmark messages received in total, of any step. Loop only. */
  public long received() {
    return received;
  }

  /** Bytes read from the socket since it opened. Loop only. */
  public long bytesReceived() {
    return bytesReceived;
  }

  /** What this subscriber saw of {@code r}'s stream, or null when nothing. Loop only. */
  public SequenceLog logOf(Recording r) {
    return logged == r ? log : null;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    ctx.writeAndFlush(Unpooled.wrappedBuffer(upgrade));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    bytesReceived += in.readableBytes();
    // Netty's merge cumulator: appends in place when there is room, releases what it no longer needs.
    cumulation = cumulation == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
    try {
      if (!upgraded && !readUpgrade(ctx)) return;
      ServerFrameReader.read(cumulation, this::frame);
    } catch (RuntimeException e) {
      ctx.close();
    } finally {
      if (cumulation != null && !cumulation.isReadable()) {
        cumulation.release();
        cumulation = null;
      }
    }
  }

  private boolean readUpgrade(ChannelHandlerContext ctx) {
    int end = headersEnd(cumulation);
    if (end < 0) return false;
    String head = cumulation.toString(cumulation.readerIndex(), end - cumulation.readerIndex(), StandardCharsets.US_ASCII);
    if (!head.startsWith("HTTP/1.1 101")) {
      throw new IllegalStateException("upgrade refused: " + head.lines().findFirst().orElse(""));
    }
    cumulation.readerIndex(end + HEADERS_END.length);
    upgraded = true;
    return true;
  }

  /** The absolute index of the blank line ending the response head, or -1. */
  static int headersEnd(ByteBuf buf) {
    for (int i = buf.readerIndex(), last = buf.writerIndex() - HEADERS_END.length; i <= last; i++) {
      if (buf.getByte(i) == '\r' && buf.getByte(i + 1) == '\n' && buf.getByte(i + 2) == '\r' && buf.getByte(i + 3) == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void frame(int opcode, boolean fin, ByteBuf payload) {
    switch (opcode) {
      case ClientFrames.OP_TEXT -> text(payload);
      case ClientFrames.OP_PING -> channel.writeAndFlush(ClientFrames.frame(channel.alloc(), ClientFrames.OP_PONG,
          ByteBufUtil.getBytes(payload)));
      case ClientFrames.OP_CLOSE -> channel.close();
      default -> { /* pong, binary, continuation: not used by these servers' benchmark traffic */ }
    }
  }

  private void text(ByteBuf payload) {
    if (payload.readableBytes() >= Payload.SIZE && Payload.decode(payload, stamp)) {
      long now = System.nanoTime();
      received++;
      Recording r = recording;
      if (r == null || r.stream() != stamp.stream) {
        stale++;
        return;
      }
      r.record(loop, now - stamp.intendedNanos);
      if (logged != r) {
        logged = r;
        log = new SequenceLog();
      }
      log.record(stamp.seq);
      return;
    }
    String text = payload.toString(StandardCharsets.UTF_8);
    if (protocol.onText(text, this::send) && !subscribed) {
      subscribed = true;
      subscribedNanos = System.nanoTime();
      events.subscribed(this);
    }
  }

  private void send(String text) {
    channel.writeAndFlush(ClientFrames.text(channel.alloc(), text));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
    events.closed(this);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
