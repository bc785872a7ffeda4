// The Java side of the differential check (see ./run): reads the oracle's JSON lines, runs the same inputs
// through Tidings' Engine.IO parser and Socket.IO parsers, and prints every case where the outcome differs
// from Node's, apart from the documented deviations (ids that are no safe integer, Dates as strings).
// Usage: java -cp <classes> Differential.java CASES.jsonl [MAX_PRINTED]
import com.fasterxml.jackson.databind.*;
import com.fasterxml.jackson.databind.node.*;
import io.tidings.socketio.engine.packet.*;
import io.tidings.socketio.parser.*;
import java.io.*;
import java.nio.file.*;
import java.util.*;

public class Differential {
  static final ObjectMapper M = new ObjectMapper();
  static final HexFormat HEX = HexFormat.of();

  static JsonNode ser(JsonNode v) {
    if (v == null || v.isMissingNode()) { ObjectNode o = M.createObjectNode(); o.put("$undef", 1); return o; }
    if (v.isBinary()) { ObjectNode o = M.createObjectNode(); try { o.put("$bin", HEX.formatHex(v.binaryValue())); } catch (IOException e) { throw new UncheckedIOException(e);} return o; }
    if (v.isNumber()) {
      double d = v.doubleValue();
      if (Double.isNaN(d)) { ObjectNode o = M.createObjectNode(); o.put("$num", "NaN"); return o; }
      if (Double.isInfinite(d)) { ObjectNode o = M.createObjectNode(); o.put("$num", d > 0 ? "Inf" : "-Inf"); return o; }
      return DoubleNode.valueOf(d);
    }
    if (v.isArray()) { ArrayNode a = M.createArrayNode(); for (JsonNode e : v) a.add(ser(e)); return a; }
    if (v.isObject()) { ArrayNode entries = M.createArrayNode(); for (var e : v.properties()) { ArrayNode kv = M.createArrayNode(); kv.add(e.getKey()); kv.add(ser(e.getValue())); entries.add(kv);} ObjectNode o = M.createObjectNode(); o.set("$obj", entries); return o; }
    return v;
  }
  // normalise numbers: node writes integers as ints, we as doubles
  static JsonNode norm(JsonNode v) {
    if (v == null) return NullNode.getInstance();
    if (v.isObject() && v.has("$date")) return v.get("$date");
    if (v.isNumber()) return DoubleNode.valueOf(v.doubleValue());
    if (v.isArray()) { ArrayNode a = M.createArrayNode(); for (JsonNode e : v) a.add(norm(e)); return a; }
    if (v.isObject()) { ObjectNode o = M.createObjectNode(); for (var e : v.properties()) o.set(e.getKey(), norm(e.getValue())); return o; }
    return v;
  }

  public static void main(String[] args) throws Exception {
    int bad = 0, total = 0, expectedDiff = 0;
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      if (line.isBlank()) continue;
      total++;
      JsonNode c = M.readTree(line);
      String kind = c.get("kind").asText();
      JsonNode expected = norm(c.get("result"));
      JsonNode actual;
      String note = null;
      if (kind.equals("eio")) {
        ArrayNode out = M.createArrayNode();
        try {
          EngineParser.decodePayload(c.get("input").asText(), p -> {
            ObjectNode o = out.addObject();
            o.put("type", p.type().name().toLowerCase());
            if (p instanceof EnginePacket.Binary b) o.put("bin", HEX.formatHex(b.data()));
            else o.put("data", ((EnginePacket.Text) p).data());
          });
        } catch (EngineParseException e) { out.addObject().put("error", true); }
        actual = out;
      } else if (kind.equals("sio")) {
        PacketDecoder d = new DefaultParser().newDecoder();
        ArrayNode packets = M.createArrayNode();
        String error = null;
        for (JsonNode m : c.get("input")) {
          try {
            Packet p = m.has("text") ? d.decode(m.get("text").asText()) : d.decode(HEX.parseHex(m.get("bin").asText()));
            if (p != null) {
              ObjectNode o = packet(p);
              ArrayNode enc = o.putArray("encoded");
              for (EncodedPacket e : new DefaultParser().encode(p)) {
                if (e.isBinary()) enc.addObject().put("$bin", HEX.formatHex(e.webSocketPayload()));
                else enc.add(new String(e.webSocketPayload(), java.nio.charset.StandardCharsets.UTF_8).substring(1));
              }
              packets.add(o);
            }
          } catch (PacketFormatException e) { error = e.getMessage(); break; }
        }
        ObjectNode r = M.createObjectNode(); r.set("packets", packets); r.put("error", error);
        JsonNode exp = c.get("result").get("packets");
        for (int i = 0; i < Math.min(exp.size(), packets.size()); i++) if (exp.get(i).get("encoded").isNull()) ((ObjectNode) packets.get(i)).putNull("encoded");
        actual = norm(r);
      } else {
        PacketDecoder d = new MsgpackParser().newDecoder();
        try {
          Packet p = d.decode(HEX.parseHex(c.get("input").asText()));
          ObjectNode o = packet(p);
          o.put("encoded", HEX.formatHex(new MsgpackParser().encode(p).get(0).webSocketPayload()));
          actual = norm(o);
          if (c.get("result").path("encoded").isNull()) ((ObjectNode) actual).putNull("encoded");
        } catch (PacketFormatException e) { ObjectNode r = M.createObjectNode(); r.put("error", e.getMessage()); actual = r; }
      }
      if (!same(kind, expected, actual)) {
        if (deviation(expected, actual) || msgpackDeviation(c.get("input").asText(), expected, actual)) { expectedDiff++; continue; }
        bad++;
        if (bad <= Integer.parseInt(args.length > 1 ? args[1] : "15")) System.out.println("DIFF " + line + "\n  java: " + actual);
      }
    }
    System.out.println(args[0] + ": " + total + " cases, " + bad + " differences, " + expectedDiff + " documented deviations");
  }

  static boolean same(String kind, JsonNode expected, JsonNode actual) {
    if (expected.equals(actual)) return true;
    // error texts: compare only whether an error happened, except for the default parser's exact ones
    if (kind.equals("mp") && expected.has("error") && actual.has("error")) {
      String e = expected.get("error").asText(), a = actual.get("error").asText();
      if (e.equals(a)) return true;
      if (e.startsWith("Cannot read properties") && a.equals("invalid packet type")) return true;
      boolean nodeLow = !e.startsWith("invalid"); boolean javaLow = a.startsWith("Could not parse") || a.endsWith("trailing bytes");
      return nodeLow && javaLow;
    }
    return false;
  }

  /** The msgpack parser's documented deviations: a Date as the packet's data, numbers notepack garbles. */
  static boolean msgpackDeviation(String input, JsonNode expected, JsonNode actual) {
    if (input.contains("a464617461d700")) return true; // data: <Date>, read as its ISO string
    if (expected.has("encoded") && actual.has("encoded")) {
      ObjectNode e = expected.deepCopy(), a = actual.deepCopy();
      e.remove("encoded");
      a.remove("encoded");
      return e.equals(a) && hugeInteger(expected.get("data")); // notepack garbles integers beyond 64 bits
    }
    return false;
  }

  static boolean hugeInteger(JsonNode n) {
    if (n == null) return false;
    if (n.isNumber()) return Math.abs(n.doubleValue()) >= 0x1p63 && !Double.isInfinite(n.doubleValue());
    for (JsonNode c : n) if (hugeInteger(c)) return true;
    return false;
  }

  static boolean deviation(JsonNode expected, JsonNode actual) {
    String e = expected.toString();
    String a = actual.toString();
    // A Date as a CONNECT_ERROR's data: Node refuses it, Tidings reads the Date as its ISO string.
    if (e.equals("{\"error\":\"invalid payload\"}") && actual.path("type").asInt() == 4
        && actual.path("data").asText().matches("[-+]?\\d{4,6}-\\d\\d-\\d\\dT.*Z")) return true;
    // Java refuses ids that are no safe integer
    if (a.contains("\"error\":\"invalid packet id\"") && (expected.path("error").isNull() || expected.path("error").asText().startsWith("got "))) return true;
    return a.contains("invalid packet id") && (e.contains("\"$num\":\"NaN\"") || e.contains("id\":9.00719925474099") || e.contains("\"id\":1.0E20") || e.matches(".*\"id\":[0-9.]+E[0-9]+.*") || e.contains("\"$num\":\"Inf\""));
  }

  static ObjectNode packet(Packet p) {
    ObjectNode o = M.createObjectNode();
    o.put("type", p.type().code());
    o.put("nsp", p.nsp());
    if (p.id() == null) o.putNull("id"); else o.put("id", p.id());
    o.put("hasData", p.data() != null);
    o.set("data", ser(p.data()));
    return o;
  }
}
