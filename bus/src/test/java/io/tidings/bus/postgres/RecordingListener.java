package io.tidings.bus.postgres;

import io.tidings.bus.BusListener;
import io.tidings.bus.BusMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A hand-written listener that records every call, in order, for assertions. Thread-safe. */
final class RecordingListener implements BusListener {

  final List<BusMessage> messages = new CopyOnWriteArrayList<>();
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<Long> reconnected = new CopyOnWriteArrayList<>();
  final List<String> threads = new CopyOnWriteArrayList<>();
  private final Consumer<BusMessage> reaction;

  RecordingListener() {
    this(m -> {});
  }

  /** Also runs {@code reaction} for every message (to answer requests, for instance). */
  RecordingListener(Consumer<BusMessage> reaction) {
    this.reaction = reaction;
  }

  @Override
  public void onMessage(BusMessage message) {
    messages.add(message);
    if (threads.size() < 10) threads.add(Thread.currentThread().getName());
    reaction.accept(message);
  }

  @Override
  public void onNodeJoined(String uid) {
    events.add("joined " + uid);
  }

  @Override
  public void onNodeLeft(String uid, boolean timedOut) {
    events.add((timedOut ? "timed out " : "closed ") + uid);
  }

  @Override
  public void onReconnected(long missedMessages) {
    reconnected.add(missedMessages);
  }

  /** The messages of {@code type} that did not come from this node. */
  List<BusMessage> fromPeers(int type) {
    return messages.stream().filter(m -> !m.fromSelf() && m.type() == type).toList();
  }

  List<BusMessage> ofType(int type) {
    return messages.stream().filter(m -> m.type() == type).toList();
  }
}
