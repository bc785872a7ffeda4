package io.tidings.socketio.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;
import io.tidings.socketio.engine.packet.EncodedPacket;
import io.tidings.socketio.engine.packet.EnginePacket;
import io.tidings.socketio.engine.packet.OpenPacket;
import io.tidings.transport.fanout.Recipient;
import io.tidings.transport.websocket.WebSocketFrames;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Engine.IO session, as Node's engine.io {@code Socket} (its state machine is drawn on
 * {@link EngineSocket}): the open packet, the heartbeat, the buffer of packets waiting for a writable
 * transport, the switch to a WebSocket ({@link Upgrade}), and the close with Node's reasons.
 *
 * <p>Packets wait in the write buffer only while the transport cannot send: over polling, between polls;
 * during an upgrade, until it completes. Each send flushes at once when it can (as Node: a held poll is
 * answered with the first packet, later ones wait for the next poll), except a broadcast's frames, which
 * are queued together and leave together.
 *
 * <p><b>Threading:</b> confined to {@link #loop()}; the {@link EngineSocket} methods documented as "any
 * thread" hop onto it. The state is volatile only so that {@link #isOpen()} may be read elsewhere.
 */
final class EngineSession implements EngineSocket, TransportEvents {

  private static final Logger log = LoggerFactory.getLogger(EngineSession.class);

  private enum State { OPEN, CLOSING, CLOSED }

  private final String id;
  private final EventLoop loop;
  private final int loopIndex;
  private final HandshakeRequest request;
  private final EngineOptions options;
  private final Refusals refusals;
  private final EngineListener engineListener;
  private final Runnable removal;
  private final Heartbeat heartbeat;
  private final Recipient recipient = new SessionRecipient();
  private volatile State state = State.OPEN;
  private volatile String transportName;
  private Transport transport;
  private Upgrade upgrade;
  private boolean upgraded;
  // without an array until something waits in it: over WebSocket it stays empty, and idle sessions are many
  private ArrayList<EncodedPacket> writeBuffer = new ArrayList<>(0);
  /** Node's {@code once("drain")} in {@code close()}: close once the buffered packets have left. */
  private boolean closeWhenDrained;
  private Listener listener;

  /**
   * @param removal takes the session out of the server's table; run once, when it closes
   */
  EngineSession(String id, EventLoop loop, int loopIndex, HandshakeRequest request, EngineOptions options,
      Transport transport, Refusals refusals, EngineListener engineListener, Runnable removal) {
    this.id = id;
    this.loop = loop;
    this.loopIndex = loopIndex;
    this.request = request;
    this.options = options;
    this.refusals = refusals;
    this.engineListener = engineListener;
    this.removal = removal;
    this.heartbeat = new Heartbeat(options.timers(), loop, options.pingInterval().toMillis(),
        options.pingTimeout().toMillis(), () -> sendPacket(Transport.PING),
        () -> onClose(CloseReason.PING_TIMEOUT, null));
    setTransport(transport);
  }

  /** Node's {@code onOpen}: queues the open packet (a polling session's first poll carries it) and starts pinging. */
  void open() {
    List<String> upgrades = transport.kind() == EngineTransport.POLLING && options.allowUpgrades()
        && options.enabled(EngineTransport.WEBSOCKET) ? List.of(EngineTransport.WEBSOCKET.wireName()) : List.of();
    sendPacket(new OpenPacket(id, upgrades, options.pingInterval().toMillis(), options.pingTimeout().toMillis(),
        options.maxHttpBufferSize()).encode());
    heartbeat.start();
  }

  /** The transport the session has now (for the entries' checks). On the loop. */
  Transport currentTransport() {
    return transport;
  }

  boolean isClosed() {
    return state == State.CLOSED;
  }

  // ---- upgrades ----

  /** A WebSocket with this session's sid opened (Node's {@code _maybeUpgrade} and the checks before it). */
  void maybeUpgrade(WebSocketTransport probe) {
    if (state == State.CLOSED || upgrade != null || upgraded) {
      probe.close(null); // closed, already trying, or already done: Node closes the newcomer
      return;
    }
    upgrade = new Upgrade(this, probe, options.timers(), loop);
    upgrade.start(options.upgradeTimeout().toMillis());
  }

  /** The client confirmed the upgrade ({@code 5}). */
  void completeUpgrade(WebSocketTransport probe) {
    transport.discard();
    upgraded = true;
    clearTransport();
    setTransport(probe);
    Listener l = listener;
    if (l != null) {
      try {
        l.onUpgrade(probe.kind().wireName());
      } catch (RuntimeException e) {
        log.warn("The listener of Engine.IO session {} threw on upgrade", id, e);
      }
    }
    flush();
    if (state == State.CLOSING) probe.close(() -> onClose(CloseReason.FORCED_CLOSE, null));
  }

  void upgradeEnded(Upgrade ended) {
    if (upgrade == ended) upgrade = null;
  }

  /** Node's upgrade check: a held poll is answered with a noop so that the client can pause polling. */
  void releaseHeldPoll() {
    if (transport instanceof PollingTransport && transport.writable()) transport.send(List.of(Transport.NOOP));
  }

  // ---- what the transport reports ----

  @Override
  public void onPacket(Transport from, EnginePacket packet) {
    if (from != transport || state != State.OPEN) return;
    switch (packet.type()) {
      case PONG -> heartbeat.onPong();
      case PING -> {
        heartbeat.onOtherPacket();
        // Protocol v4: only the server pings.
        refusals.refused("invalid heartbeat direction", request.remoteAddress());
        onClose(CloseReason.TRANSPORT_ERROR, "invalid heartbeat direction");
      }
      case MESSAGE -> {
        heartbeat.onOtherPacket();
        deliver(packet);
      }
      default -> heartbeat.onOtherPacket(); // open, close over WebSocket, upgrade, noop: nothing to do
    }
  }

  private void deliver(EnginePacket packet) {
    Listener l = listener;
    if (l == null) return;
    try {
      if (packet instanceof EnginePacket.Binary b) {
        l.onBinary(b.data());
      } else {
        l.onText(((EnginePacket.Text) packet).data());
      }
    } catch (RuntimeException e) {
      log.warn("The listener of Engine.IO session {} threw on a message", id, e);
    }
  }

  @Override
  public void onParseError(Transport from) {
    if (from == transport) onClose(CloseReason.PARSE_ERROR, null);
  }

  @Override
  public void onError(Transport from, String description) {
    if (from == transport) onClose(CloseReason.TRANSPORT_ERROR, description);
  }

  @Override
  public void onClose(Transport from) {
    if (from == transport) onClose(CloseReason.TRANSPORT_CLOSE, null);
  }

  @Override
  public void onReady(Transport from) {
    if (from == transport) flush();
  }

  @Override
  public void onSlowConsumer(Transport from) {
    try {
      engineListener.onSlowConsumer(this);
    } catch (RuntimeException e) {
      log.warn("EngineListener.onSlowConsumer threw", e);
    }
  }

  // ---- sending ----

  private void sendPacket(EncodedPacket packet) {
    if (state != State.OPEN) return;
    if (writeBuffer.isEmpty() && transport instanceof WebSocketTransport ws) {
      ws.send(List.of(packet)); // always writable: nothing to buffer
      return;
    }
    writeBuffer.add(packet);
    flush();
  }

  private void flush() {
    if (state == State.CLOSED || writeBuffer.isEmpty() || !transport.writable()) return;
    List<EncodedPacket> out = writeBuffer;
    writeBuffer = new ArrayList<>(0);
    transport.send(out);
    if (closeWhenDrained && state == State.CLOSING) {
      closeWhenDrained = false;
      closeTransport(false, CloseReason.FORCED_CLOSE);
    }
  }

  /** A broadcast's frames reach this session (on the loop). */
  private boolean deliverShared(ByteBuf[] frames) {
    if (state != State.OPEN) return false;
    if (writeBuffer.isEmpty() && transport instanceof WebSocketTransport ws) return ws.sendShared(frames);
    for (ByteBuf frame : frames) {
      boolean binary = WebSocketFrames.opcode(frame) == WebSocketFrames.BINARY;
      writeBuffer.add(EncodedPacket.ofWebSocketPayload(ByteBufUtil.getBytes(WebSocketFrames.payload(frame)), binary));
    }
    flush();
    return true;
  }

  // ---- closing ----

  /** {@link EngineServer#close()}: Node's {@code close(true)}, at once, with Socket.IO's reason. On the loop. */
  void shutdown() {
    if (state == State.CLOSED) return;
    if (!transport.isOpen()) {
      onClose(CloseReason.SERVER_SHUTTING_DOWN, null); // its close is already waiting for a poll: do not wait
      return;
    }
    closeTransport(true, CloseReason.SERVER_SHUTTING_DOWN);
  }

  private void closeTransport(boolean discard, String reason) {
    if (discard) transport.discard();
    transport.close(() -> onClose(reason, null));
  }

  private void onClose(String reason, String description) {
    if (state == State.CLOSED) return;
    state = State.CLOSED;
    heartbeat.stop();
    writeBuffer = new ArrayList<>(0);
    closeWhenDrained = false;
    clearTransport();
    Upgrade u = upgrade;
    if (u != null) u.sessionClosed();
    removal.run();
    Listener l = listener;
    if (l != null) {
      try {
        l.onClose(reason, description);
      } catch (RuntimeException e) {
        log.warn("The listener of Engine.IO session {} threw on close", id, e);
      }
    }
  }

  /** Node's {@code clearTransport}: stop hearing the transport and close it (a pong awaited: see {@link Heartbeat#transportChanged}). */
  private void clearTransport() {
    transport.listen(TransportEvents.IGNORED);
    transport.close(null);
    heartbeat.transportChanged();
  }

  private void setTransport(Transport t) {
    transport = t;
    transportName = t.kind().wireName();
    t.listen(this);
  }

  // ---- EngineSocket ----

  @Override
  public String id() {
    return id;
  }

  @Override
  public EventLoop loop() {
    return loop;
  }

  @Override
  public int loopIndex() {
    return loopIndex;
  }

  @Override
  public HandshakeRequest request() {
    return request;
  }

  @Override
  public String transport() {
    return transportName;
  }

  @Override
  public void sendText(String packetPayload) {
    onLoop(() -> sendPacket(EncodedPacket.message(packetPayload)));
  }

  @Override
  public void sendBinary(byte[] payload) {
    onLoop(() -> sendPacket(EncodedPacket.message(payload)));
  }

  @Override
  public void send(List<EncodedPacket> messages) {
    onLoop(() -> {
      if (state != State.OPEN) return;
      if (writeBuffer.isEmpty() && transport instanceof WebSocketTransport ws) {
        ws.send(messages);
        return;
      }
      writeBuffer.addAll(messages);
      flush();
    });
  }

  @Override
  public void sendVolatile(List<EncodedPacket> messages) {
    onLoop(() -> {
      if (state != State.OPEN || !writeBuffer.isEmpty() || !transport.writable()) return;
      if (transport instanceof WebSocketTransport ws) {
        ws.send(messages);
      } else {
        writeBuffer.addAll(messages);
        flush();
      }
    });
  }

  @Override
  public Recipient recipient() {
    return recipient;
  }

  @Override
  public void setListener(Listener listener) {
    this.listener = listener;
  }

  @Override
  public void close() {
    onLoop(() -> {
      if (state != State.OPEN) return;
      state = State.CLOSING;
      if (!writeBuffer.isEmpty()) {
        closeWhenDrained = true;
      } else {
        closeTransport(false, CloseReason.FORCED_CLOSE);
      }
    });
  }

  @Override
  public boolean isOpen() {
    return state == State.OPEN;
  }

  private void onLoop(Runnable task) {
    if (loop.inEventLoop()) task.run(); else loop.execute(task);
  }

  @Override
  public String toString() {
    return "EngineSession[" + id + " " + transportName + " loop=" + loopIndex + "]";
  }

  /** The session's face to the fan-out. */
  private final class SessionRecipient extends Recipient {
    @Override
    public int loopIndex() {
      return loopIndex;
    }

    @Override
    protected boolean deliver(ByteBuf[] frames) {
      return deliverShared(frames);
    }
  }
}
