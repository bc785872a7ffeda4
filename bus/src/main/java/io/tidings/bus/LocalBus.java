package io.tidings.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bus of a single node: no database, no peers. Every published message comes straight back to the
 * namespace's listener, in publish order, on one delivery thread — the same contract as the PostgreSQL
 * bus, so code above it has one path whether it runs alone or in a cluster.
 */
public final class LocalBus implements Bus {

  private final String uid = randomUid();
  private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "tidings-bus-delivery");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, LocalNamespace> namespaces = new ConcurrentHashMap<>();
  private final LongAdder published = new LongAdder();
  private final LongAdder dropped = new LongAdder();

  @Override
  public String uid() {
    return uid;
  }

  /** @throws IllegalStateException when {@code namespace} is already joined (and not left) on this bus */
  @Override
  public BusNamespace join(String namespace, BusListener listener) {
    LocalNamespace ns = new LocalNamespace(namespace, listener);
    if (namespaces.putIfAbsent(namespace, ns) != null) {
      throw new IllegalStateException("Namespace " + namespace + " is already joined on bus " + uid
          + ": one node has one membership per namespace (one uid, one listener)");
    }
    return ns;
  }

  @Override
  public BusStats stats() {
    return new BusStats() {
      @Override public long publishedMessages() { return published.sum(); }
      @Override public long publishStatements() { return published.sum(); }
      @Override public long queuedMessages() { return 0; }
      @Override public long droppedMessages() { return dropped.sum(); }
      @Override public long receivedMessages() { return published.sum(); }
      @Override public long attachmentsWritten() { return 0; }
      @Override public long attachmentsRead() { return 0; }
      @Override public long undecodableMessages() { return 0; }
      @Override public long listenReconnects() { return 0; }
      @Override public long missedMessages() { return 0; }
      @Override public int peers() { return 0; }
    };
  }

  @Override
  public CompletableFuture<Void> shutdown() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      delivery.execute(() -> done.complete(null));
    } catch (RejectedExecutionException alreadyDown) {
      done.complete(null);
    }
    delivery.shutdown();
    return done;
  }

  /** Runs {@code task} on the delivery thread; false when the bus is shut down. */
  private boolean deliver(Runnable task) {
    try {
      delivery.execute(task);
      return true;
    } catch (RejectedExecutionException shuttingDown) {
      return false;
    }
  }

  /** A fresh node uid: 8 random bytes as 16 lowercase hex characters, as the Node adapter makes them. */
  public static String randomUid() {
    byte[] b = new byte[8];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private final class LocalNamespace implements BusNamespace {
    private final String name;
    private final BusListener listener;
    private final AtomicLong seq = new AtomicLong();

    LocalNamespace(String name, BusListener listener) {
      this.name = name;
      this.listener = listener;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean publish(int type, JsonNode data) {
      BusMessage m = new BusMessage(type, data, uid, name, seq.incrementAndGet(), true);
      if (!deliver(() -> listener.onMessage(m))) {
        dropped.increment();
        return false;
      }
      published.increment();
      return true;
    }

    @Override
    public boolean publishRawAll(int type, List<String> dataJson) {
      // One thread hands them over, so no other publish of this caller can come between; only a shutdown
      // can refuse one, and then the rest are refused too.
      for (String d : dataJson) {
        if (!publishRaw(type, d)) return false;
      }
      return true;
    }

    @Override
    public boolean publishLatest(String key, int type, JsonNode data) {
      return publish(type, data);
    }

    @Override
    public CompletableFuture<BroadcastAcks> broadcastWithAck(ObjectNode data, Duration timeout, AckListener listener) {
      // No peers: nothing will answer. The broadcast still comes back to this node, as on every bus.
      String requestId = randomUid();
      CompletableFuture<BroadcastAcks> result = new CompletableFuture<>();
      if (!publish(MessageType.BROADCAST, BusNamespace.withRequestId(data, requestId))) {
        result.completeExceptionally(new IllegalStateException("The broadcast was not sent: the bus is shut down"));
      } else if (!deliver(() -> result.complete(BroadcastAcks.none(requestId)))) {
        result.complete(BroadcastAcks.none(requestId));
      }
      return result;
    }

    @Override
    public Set<String> peers() {
      return Set.of();
    }

    @Override
    public CompletableFuture<List<BusMessage>> request(int type, ObjectNode data, int responseType, Duration timeout) {
      // No peers: the request is complete with no responses, as the Node adapter resolves it.
      return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public void respond(BusMessage request, int responseType, ObjectNode data) {
      // Nobody but this node can have asked, and it never asks itself.
    }

    @Override
    public void leave() {
      namespaces.remove(name, this);
    }
  }
}
