package io.tidings.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * One HTTP/1.1 client connection that pipelines raw, pre-built requests and matches each response to
 * the oldest request in flight, reporting it with the request's start time. A server that answers
 * {@code Connection: close} (Soketi does, on every API call) makes the connection {@link #reusable()}
 * false: its owner then moves to a new connection, as wrk does.
 *
 * <p>Confined to its channel's event loop.
 */
public final class HttpConnection extends ChannelInboundHandlerAdapter {

  /** Told about each response and about the connection's end. Called on its loop. */
  public interface Answers {
    void answered(HttpConnection c, int status, long startNanos, long nowNanos);

    void closed(HttpConnection c, int unanswered);
  }

  private final Answers answers;
  private final HttpResponseHead head = new HttpResponseHead();
  /** Start times of the requests in flight, a ring. */
  private long[] starts = new long[64];
  private int first;
  private int count;
  private Channel channel;
  private ByteBuf cumulation;
  private boolean reusable = true;
  private byte[] pendingRequest;
  private long pendingStart;

  public HttpConnection(Answers answers) {
    this.answers = answers;
  }

  /** A connection that sends {@code request} as soon as it is open. */
  public HttpConnection(Answers answers, byte[] request, long startNanos) {
    this.answers = answers;
    this.pendingRequest = request;
    this.pendingStart = startNanos;
    push(startNanos);
  }

  public Channel channel() {
    return channel;
  }

  /** Requests sent and not yet answered. */
  public int inFlight() {
    return count;
  }

  /** False once the server said it closes this connection, or it closed. */
  public boolean reusable() {
    return reusable && (channel == null || channel.isActive());
  }

  /** Sends {@code request}; {@code startNanos} is what its latency is measured from. On the loop. */
  public void send(byte[] request, long startNanos) {
    push(startNanos);
    channel.write(Unpooled.wrappedBuffer(request), channel.voidPromise());
  }

  /** Flushes what {@link #send} queued. On the loop. */
  public void flush() {
    channel.flush();
  }

  private void push(long start) {
    if (count == starts.length) {
      long[] bigger = new long[starts.length * 2];
      for (int i = 0; i < count; i++) bigger[i] = starts[(first + i) % starts.length];
      starts = bigger;
      first = 0;
    }
    starts[(first + count) % starts.length] = start;
    count++;
  }

  private long pop(long fallback) {
    if (count == 0) return fallback;
    long v = starts[first];
    first = (first + 1) % starts.length;
    count--;
    return v;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    if (pendingRequest != null) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(pendingRequest));
      pendingRequest = null;
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    // Netty's merge cumulator: appends in place when there is room, releases what it no longer needs.
    cumulation = cumulation == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
    try {
      long now = System.nanoTime();
      while (cumulation.isReadable() && head.read(cumulation)) {
        if (head.close) reusable = false;
        answers.answered(this, head.status, pop(now), now);
      }
    } catch (RuntimeException e) {
      ctx.close();
    } finally {
      if (cumulation != null && !cumulation.isReadable()) {
        cumulation.release();
        cumulation = null;
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    reusable = false;
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
    answers.closed(this, count);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
