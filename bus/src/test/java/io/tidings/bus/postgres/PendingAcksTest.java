package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.bus.AckListener;
import io.tidings.bus.BroadcastAcks;
import io.tidings.bus.BusMessage;
import io.tidings.bus.MessageType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The bookkeeping of broadcasts with acknowledgements, without a database: answers are fed in as the
 * namespace would, timers are a hand-written stub fired by the test, deliveries run at once.
 */
class PendingAcksTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ID = "a812a2c0f791b5b1";
  private static final String B = "6570be86ac7a8c65";
  private static final String C = "76909740da51e03a";

  /** Timers that fire only when the test says so. */
  private static final class StubTimers implements PendingAcks.Timers {
    final Map<Long, Runnable> armed = new HashMap<>();
    long next;

    @Override
    public long set(long delayMillis, Runnable task) {
      armed.put(++next, task);
      return next;
    }

    @Override
    public void cancel(long timerId) {
      armed.remove(timerId);
    }

    void fireAll() {
      List.copyOf(armed.values()).forEach(Runnable::run);
      armed.clear();
    }
  }

  /** Records what the listener saw, in order. */
  private static final class Seen implements AckListener {
    final List<String> calls = new ArrayList<>();

    @Override
    public void onClientCount(String uid, int clientCount) {
      calls.add("count " + uid + " " + clientCount);
    }

    @Override
    public void onAck(BusMessage ack) {
      calls.add("ack " + ack.uid() + " " + ack.data().get("packet"));
    }
  }

  private final StubTimers timers = new StubTimers();
  private final PendingAcks acks = new PendingAcks(Runnable::run, timers);
  private final Seen seen = new Seen();
  private final CompletableFuture<BroadcastAcks> result = new CompletableFuture<>();

  private void expect(String... peers) {
    acks.register(ID, Set.of(peers), seen, result, 5_000);
    acks.absorb();
  }

  private static BusMessage answer(int type, String uid, String dataJson) {
    try {
      JsonNode data = JSON.readTree(dataJson);
      return new BusMessage(type, data, uid, "/", -1, false);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static BusMessage count(String uid, int n) {
    return answer(MessageType.BROADCAST_CLIENT_COUNT, uid, "{\"requestId\":\"" + ID + "\",\"clientCount\":" + n + "}");
  }

  private static BusMessage ack(String uid, String packetJson) {
    return answer(MessageType.BROADCAST_ACK, uid, "{\"requestId\":\"" + ID + "\",\"packet\":" + packetJson + "}");
  }

  @Test
  void aRequestCompletesWhenEveryPeersCountAndItsAcksHaveArrived() {
    expect(B, C);

    assertThat(acks.accept(count(B, 2))).isTrue();
    assertThat(acks.accept(ack(B, "\"ack-from-cB\""))).isTrue();
    assertThat(acks.accept(count(C, 0))).isTrue();
    assertThat(result).isNotDone();
    assertThat(acks.accept(ack(B, "\"ack-from-cB2\""))).isTrue();

    assertThat(result).isCompleted();
    BroadcastAcks r = result.join();
    assertThat(r.complete()).isTrue();
    assertThat(r.clientCounts()).isEqualTo(Map.of(B, 2, C, 0));
    assertThat(r.clientCount()).isEqualTo(2);
    assertThat(r.acks()).extracting(m -> m.data().get("packet").asText()).containsExactly("ack-from-cB", "ack-from-cB2");
    assertThat(seen.calls).containsExactly("count " + B + " 2", "ack " + B + " \"ack-from-cB\"", "count " + C + " 0",
        "ack " + B + " \"ack-from-cB2\"");
    assertThat(timers.armed).isEmpty();
  }

  @Test
  void aGoPeerThatLeavesOutAZeroCountAndSendsArrayPacketsIsUnderstood() {
    expect(B, C);

    acks.accept(answer(MessageType.BROADCAST_CLIENT_COUNT, B, "{\"requestId\":\"" + ID + "\"}"));
    acks.accept(count(C, 1));
    acks.accept(ack(C, "[\"ack-from-go\",2]"));

    BroadcastAcks r = result.join();
    assertThat(r.complete()).isTrue();
    assertThat(r.clientCounts()).isEqualTo(Map.of(B, 0, C, 1));
    assertThat(r.acks().getFirst().data().get("packet").toString()).isEqualTo("[\"ack-from-go\",2]");
  }

  @Test
  void aPeerThatLeavesMidWayIsDroppedAndTheRequestCompletesEarly() {
    expect(B, C);
    acks.accept(count(B, 3));
    acks.accept(ack(B, "1"));
    acks.accept(count(C, 1));
    acks.accept(ack(C, "2"));

    acks.nodeLeft(B);

    BroadcastAcks r = result.join();
    assertThat(r.timedOut()).isFalse();
    assertThat(r.peersLeft()).containsExactly(B);
    assertThat(r.peersMissing()).isEmpty();
    assertThat(r.acks()).hasSize(2);
    assertThat(timers.armed).isEmpty();
  }

  @Test
  void theTimeoutEndsTheRequestWithWhatCameAndNamesWhoIsMissing() {
    expect(B, C);
    acks.accept(count(B, 1));
    acks.accept(ack(B, "1"));

    timers.fireAll();

    BroadcastAcks r = result.join();
    assertThat(r.timedOut()).isTrue();
    assertThat(r.complete()).isFalse();
    assertThat(r.peersMissing()).containsExactly(C);
    assertThat(r.acks()).hasSize(1);
    assertThat(acks.accept(count(C, 0))).as("a late answer belongs to no request any more").isFalse();
  }

  @Test
  void acksThatOvertakeTheirCountAreCounted() {
    expect(B);
    acks.accept(ack(B, "1"));
    assertThat(result).isNotDone();

    acks.accept(count(B, 1));

    assertThat(result.join().complete()).isTrue();
  }

  @Test
  void aPeerNotKnownWhenTheBroadcastLeftIsWaitedForOnceItAnswers() {
    expect(B);
    acks.accept(count(C, 1)); // C heard the broadcast before this node heard C
    acks.accept(count(B, 0));
    assertThat(result).isNotDone();

    acks.accept(ack(C, "1"));

    assertThat(result.join().clientCounts()).containsOnlyKeys(B, C);
  }

  @Test
  void withNobodyToWaitForTheRequestCompletesAtOnceWithoutATimer() {
    expect();

    assertThat(result.join()).isEqualTo(BroadcastAcks.none(ID));
    assertThat(timers.armed).isEmpty();
  }

  @Test
  void aWithdrawnRegistrationIsNeverWaitedFor() {
    Object registration = acks.register(ID, Set.of(B), seen, result, 5_000);
    acks.withdraw(registration);
    acks.absorb();

    assertThat(acks.accept(count(B, 1))).isFalse();
    assertThat(timers.armed).isEmpty();
  }

  @Test
  void otherMessagesAndOtherRequestsAreNotTaken() {
    expect(B);

    assertThat(acks.accept(answer(MessageType.BROADCAST_ACK, B, "{\"requestId\":\"ffffffffffffffff\",\"packet\":1}"))).isFalse();
    assertThat(acks.accept(answer(MessageType.SERVER_SIDE_EMIT_RESPONSE, B, "{\"requestId\":\"" + ID + "\",\"packet\":1}"))).isFalse();
    assertThat(acks.accept(count("emitter", 5))).as("taken, but an emitter is never waited for").isTrue();
    assertThat(result).isNotDone();
  }

  @Test
  void closingTheNamespaceEndsEveryRequest() {
    expect(B);

    acks.finishAll();

    assertThat(result.join().peersMissing()).containsExactly(B);
    assertThat(result.join().timedOut()).isFalse();
  }
}
