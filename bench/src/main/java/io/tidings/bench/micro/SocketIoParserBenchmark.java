package io.tidings.bench.micro;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tidings.socketio.engine.packet.EncodedPacket;
import io.tidings.socketio.parser.DefaultParser;
import io.tidings.socketio.parser.MsgpackParser;
import io.tidings.socketio.parser.Packet;
import io.tidings.socketio.parser.PacketDecoder;
import io.tidings.socketio.parser.PacketFormatException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Socket.IO parsers on a typical chat event, {@code 42["chat",{…}]} with a 100-byte object: encoding
 * a packet into its Engine.IO message (once per broadcast, whatever the number of sockets) and decoding one
 * message a client sent (once per message), with the default text parser and the msgpack parser.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SocketIoParserBenchmark {

  private final DefaultParser text = new DefaultParser();
  private final MsgpackParser msgpack = new MsgpackParser();
  private final PacketDecoder textDecoder = text.newDecoder();
  private final PacketDecoder msgpackDecoder = msgpack.newDecoder();
  private final Packet chat = Packet.event("/", chatArgs());
  /** The Socket.IO packet of the text message, as the Engine.IO layer hands it on (without its {@code 4}). */
  private final String textMessage = textOf(text.encode(chat).get(0));
  private final byte[] msgpackMessage = msgpack.encode(chat).get(0).webSocketPayload();

  /** {@code ["chat",{"user":…,"room":…,"text":…,"ts":…}]}: the object is 100 bytes of JSON. */
  private static ArrayNode chatArgs() {
    ArrayNode args = JsonNodeFactory.instance.arrayNode().add("chat");
    args.addObject()
        .put("user", "alice")
        .put("room", "general")
        .put("text", "Hello everyone, the build is green again!")
        .put("ts", 1712345678901L);
    return args;
  }

  private static String textOf(EncodedPacket p) {
    byte[] frame = p.webSocketPayload();
    return new String(frame, 1, frame.length - 1, StandardCharsets.UTF_8);
  }

  @Benchmark
  public List<EncodedPacket> defaultEncode() {
    return text.encode(chat);
  }

  @Benchmark
  public Packet defaultDecode() throws PacketFormatException {
    return textDecoder.decode(textMessage);
  }

  @Benchmark
  public List<EncodedPacket> msgpackEncode() {
    return msgpack.encode(chat);
  }

  @Benchmark
  public Packet msgpackDecode() throws PacketFormatException {
    return msgpackDecoder.decode(msgpackMessage);
  }
}
