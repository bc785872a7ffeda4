package io.tidings.transport.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoopGroup;
import io.tidings.transport.loop.EventLoops;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry and its fan-out on real event loops, with hand-written recipients that record what
 * reaches them (the registry delivers to recipients, not to sockets).
 */
class RoomRegistryTest {

  final DefaultEventLoopGroup group = new DefaultEventLoopGroup(3);
  final EventLoops loops = new EventLoops(group);
  final List<String> delivered = new CopyOnWriteArrayList<>();
  final RoomRegistry<Membership> rooms = new RoomRegistry<>(loops, (n, frames) -> delivered.add(n + "x" + frames.length));

  @AfterEach
  void stop() {
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Records the text of each frame delivered, on its loop. */
  static final class Recorder extends Recipient {
    final int loop;
    final List<String> got = new CopyOnWriteArrayList<>();

    Recorder(int loop) {
      this.loop = loop;
    }

    @Override
    public int loopIndex() {
      return loop;
    }

    @Override
    protected boolean deliver(ByteBuf[] frames) {
      for (ByteBuf f : frames) got.add(f.toString(StandardCharsets.UTF_8));
      return true;
    }
  }

  <T> T onLoop(int loop, Supplier<T> action) {
    try {
      return loops.get(loop).submit(action::get).get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  Membership join(Recorder r, String room) {
    return onLoop(r.loop, () -> rooms.join(new Membership(r), room));
  }

  /** A source that counts its encodings and keeps what it made, to check the references afterwards. */
  static final class Source implements FrameSource {
    final AtomicInteger encodings = new AtomicInteger();
    final List<ByteBuf> made = new ArrayList<>();
    final String[] texts;

    Source(String... texts) {
      this.texts = texts;
    }

    @Override
    public ByteBuf[] encode() {
      encodings.incrementAndGet();
      ByteBuf[] frames = new ByteBuf[texts.length];
      for (int i = 0; i < texts.length; i++) frames[i] = Unpooled.copiedBuffer(texts[i], StandardCharsets.UTF_8);
      made.addAll(List.of(frames));
      return frames;
    }
  }

  /** Waits until every loop ran what was queued before this call. */
  void drain() {
    for (int i = 0; i < loops.size(); i++) onLoop(i, () -> true);
  }

  @Test
  void aRoomBroadcastIsEncodedOnceAndReachesEveryMemberButTheExcludedOne() {
    Recorder[] r = {new Recorder(0), new Recorder(1), new Recorder(2), new Recorder(0)};
    for (Recorder each : r) join(each, "news");
    Source source = new Source("flash");
    rooms.broadcast("news", source, r[3]);
    drain();
    assertThat(source.encodings).hasValue(1);
    assertThat(List.of(r[0].got, r[1].got, r[2].got, r[3].got))
        .containsExactly(List.of("flash"), List.of("flash"), List.of("flash"), List.of());
    assertThat(source.made).allSatisfy(f -> assertThat(f.refCnt()).as("released once every loop delivered").isZero());
    assertThat(delivered).containsExactlyInAnyOrder("1x1", "1x1", "1x1");
  }

  @Test
  void aBroadcastToARoomWithNoMemberEncodesNothing() {
    Source source = new Source("nobody");
    rooms.broadcast("empty", source, null);
    rooms.broadcast(List.of("empty", "void"), List.of(), source);
    assertThat(source.encodings).hasValue(0);
  }

  @Test
  void theUnionOfRoomsMinusTheExceptedRoomsReachesEachRecipientOnceAcrossLoops() {
    Recorder inA = new Recorder(0), inB = new Recorder(1), inBoth = new Recorder(2), inAandC = new Recorder(0),
        inC = new Recorder(1), inBothOnLoop0 = new Recorder(0), outside = new Recorder(2);
    join(inA, "a");
    join(inB, "b");
    join(inBoth, "a");
    join(inBoth, "b");
    join(inAandC, "a");
    join(inAandC, "c");
    join(inC, "c");
    join(inBothOnLoop0, "b");
    join(inBothOnLoop0, "a");
    join(outside, "d");
    Source source = new Source("text", "attachment");
    rooms.broadcast(List.of("a", "b", "nonexistent"), List.of("c"), source);
    drain();
    assertThat(source.encodings).hasValue(1);
    for (Recorder reached : List.of(inA, inB, inBoth, inBothOnLoop0)) assertThat(reached.got).containsExactly("text", "attachment");
    for (Recorder missed : List.of(inAandC, inC, outside)) assertThat(missed.got).isEmpty();
    assertThat(source.made).allSatisfy(f -> assertThat(f.refCnt()).isZero());
  }

  @Test
  void aStampLeftByAnotherRegistrysBroadcastDoesNotHideARecipient() {
    RoomRegistry<Membership> other = new RoomRegistry<>(loops, DeliveryListener.NONE);
    Recorder r = new Recorder(1);
    join(r, "x");
    onLoop(1, () -> other.join(new Membership(r), "y"));
    other.broadcast(List.of("y"), List.of("none-such"), new Source("from other"));
    rooms.broadcast(List.of("x"), List.of("none-such"), new Source("from rooms"));
    other.broadcast(List.of("y"), List.of("none-such"), new Source("from other again"));
    drain();
    assertThat(r.got).containsExactly("from other", "from rooms", "from other again");
  }

  @Test
  void aFilterSkipsTheMembershipsItRefuses() {
    Recorder quiet = new Recorder(0), loud = new Recorder(1);
    Membership skipped = join(quiet, "room");
    join(loud, "room");
    rooms.broadcast("room", new Source("filtered"), null, m -> m != skipped);
    drain();
    assertThat(quiet.got).isEmpty();
    assertThat(loud.got).containsExactly("filtered");
  }

  @Test
  void aRoomThatEmptiesIsRemovedAndAJoinAfterwardsStartsItAfresh() {
    Recorder r = new Recorder(2);
    Membership m = join(r, "fleeting");
    assertThat(rooms.size("fleeting")).isEqualTo(1);
    onLoop(2, () -> {
      rooms.leave(m);
      return null;
    });
    assertThat(rooms.rooms()).doesNotContain("fleeting");
    assertThat(rooms.isEmpty()).isTrue();
    onLoop(2, () -> {
      rooms.leave(m); // a second leave does nothing
      return null;
    });
    join(r, "fleeting");
    rooms.broadcast("fleeting", new Source("again"), null);
    drain();
    assertThat(r.got).containsExactly("again");
    assertThat(rooms.size("fleeting")).isEqualTo(1);
  }

  @Test
  void aMembershipServesOneRoom() {
    Recorder r = new Recorder(0);
    Membership m = join(r, "one");
    assertThatThrownBy(() -> onLoop(0, () -> rooms.join(m, "two"))).hasRootCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void forEachVisitsEveryMemberOnItsOwnLoop() {
    List<String> seen = new CopyOnWriteArrayList<>();
    List<String> threads = List.of(loopThread(0), loopThread(1), loopThread(2));
    Recorder[] r = {new Recorder(0), new Recorder(1), new Recorder(2)};
    for (Recorder each : r) join(each, "visit");
    rooms.forEach("visit", m -> {
      int loop = ((Recorder) m.recipient()).loop;
      seen.add(loop + (Thread.currentThread().getName().equals(threads.get(loop)) ? " on its loop" : " elsewhere"));
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 3);
    assertThat(seen).containsExactlyInAnyOrder("0 on its loop", "1 on its loop", "2 on its loop");
  }

  String loopThread(int loop) {
    return onLoop(loop, () -> Thread.currentThread().getName());
  }

  @Test
  void aBroadcastMadeOnAMembersLoopDoesNotOvertakeOneHandedToThatLoopEarlier() throws Exception {
    // Pusher's sequential publisher: event 1 arrives on loop 0 and is handed to loop 1, where the member
    // lives; once it is answered, event 2 arrives on loop 1 itself, while loop 1 has not yet run the task
    // of event 1 (it is busy: here, with the task that stands for reading event 2).
    Recorder member = new Recorder(1);
    join(member, "feed");
    CountDownLatch firstHandedOver = new CountDownLatch(1);
    Future<?> secondOnLoop1 = loops.get(1).submit(() -> {
      firstHandedOver.await();
      rooms.broadcast("feed", new Source("second"), null);
      return null;
    });
    loops.get(0).submit(() -> {
      rooms.broadcast("feed", new Source("first"), null);
      firstHandedOver.countDown();
    }).get();
    secondOnLoop1.get();
    drain();
    assertThat(member.got).containsExactly("first", "second");
  }

  @Test
  void aBroadcastOnTheMembersOwnLoopWithNothingPendingIsDeliveredBeforeTheCallReturns() {
    Recorder member = new Recorder(2);
    join(member, "feed");
    List<String> seenRightAfter = onLoop(2, () -> {
      rooms.broadcast("feed", new Source("now"), null);
      return List.copyOf(member.got);
    });
    assertThat(seenRightAfter).containsExactly("now");
  }
}
