package io.tidings.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A step's figures are its own: answers that come after a step ended are never counted in the next one,
 * and no count is ever negative (issue 11: {@code publish failed -23545/112851}, {@code lost 23545000}).
 */
class StepBookkeepingTest {

  private static final byte[] ANSWER = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII);

  private EventLoopGroup serverGroup;
  private Channel listener;
  /** How long the test server holds each answer. */
  private volatile long answerDelayMillis;

  @BeforeEach
  void startServer() {
    serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    listener = new ServerBootstrap().group(serverGroup).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new DelayedAnswers());
          }
        }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
  }

  @AfterEach
  void stopServer() {
    listener.close().syncUninterruptibly();
    serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Answers every request (one per "POST ") after {@link #answerDelayMillis}, in order. */
  private final class DelayedAnswers extends ChannelInboundHandlerAdapter {
    private final StringBuilder pending = new StringBuilder();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      pending.append(in.toString(StandardCharsets.US_ASCII));
      in.release();
      int requests = 0;
      int at;
      while ((at = pending.indexOf("\r\n\r\n")) >= 0) {
        int length = contentLength(pending.substring(0, at));
        if (pending.length() < at + 4 + length) break;
        pending.delete(0, at + 4 + length);
        requests++;
      }
      for (int i = 0; i < requests; i++) {
        ctx.executor().schedule(() -> ctx.writeAndFlush(Unpooled.wrappedBuffer(ANSWER)), answerDelayMillis,
            TimeUnit.MILLISECONDS);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close(); // the publisher resets the connections of a step that ended: expected here
    }

    private int contentLength(String head) {
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase().startsWith("content-length:")) return Integer.parseInt(line.substring(15).trim());
      }
      return 0;
    }
  }

  private int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  @Test
  void lateAnswersOfAStepAreNotCountedInTheNext() {
    try (LoadClient client = new LoadClient(1)) {
      OpenLoopPublisher publisher = new OpenLoopPublisher(client, 0, "127.0.0.1", port(),
          () -> new PublishRequests.SocketIo("127.0.0.1", port()));
      publisher.open(1);

      // Step 1: the server answers after 1.5 s, the step waits only 200 ms for its answers.
      answerDelayMillis = 1_500;
      OpenLoopPublisher.Result slow = publisher.run(1, 200, 1, TimeUnit.MILLISECONDS.toNanos(500),
          TimeUnit.MILLISECONDS.toNanos(200));
      assertThat(slow.requests()).isEqualTo(100);
      assertThat(slow.acceptedMessages()).isZero();
      assertThat(slow.lostRequests()).isEqualTo(100);
      assertThat(slow.clean()).isFalse();

      // Step 2 starts at once and lasts past the moment step 1's answers are due.
      answerDelayMillis = 0;
      OpenLoopPublisher.Result next = publisher.run(2, 200, 1, TimeUnit.MILLISECONDS.toNanos(2_000),
          TimeUnit.SECONDS.toNanos(5));
      assertThat(next.requests()).isEqualTo(400);
      assertThat(next.acceptedMessages()).isEqualTo(400);
      assertThat(next.failedRequests()).isZero();
      assertThat(next.lostRequests()).isZero();
      assertThat(next.clean()).isTrue();
    }
  }

  @Test
  void aLedgerNeverCountsMoreAnswersThanRequestsNorANegativeLoss() {
    PublishLedger ledger = new PublishLedger(10);
    for (int i = 0; i < 3; i++) ledger.sent();
    ledger.answered(200);
    ledger.answered(503);
    ledger.answered(200);
    ledger.answered(200); // a fourth answer to three requests (a confused connection)
    ledger.cut(5); // nothing is waiting: all three were answered
    PublishLedger.Result r = ledger.seal();
    assertThat(r).isEqualTo(new PublishLedger.Result(20, 3, 1, 0));
    assertThat(ledger.late()).isEqualTo(1);
  }

  @Test
  void whatArrivesAfterTheSealIsLateAndChangesNothing() {
    PublishLedger ledger = new PublishLedger(1);
    for (int i = 0; i < 4; i++) ledger.sent();
    ledger.answered(200);
    ledger.cut(1);
    PublishLedger.Result r = ledger.seal();
    assertThat(r).isEqualTo(new PublishLedger.Result(1, 4, 0, 3));
    ledger.answered(200);
    ledger.answered(200);
    ledger.cut(1);
    assertThat(ledger.late()).isEqualTo(3);
    assertThat(ledger.seal()).isEqualTo(r);
  }
}
