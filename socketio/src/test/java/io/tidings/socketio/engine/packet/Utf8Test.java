package io.tidings.socketio.engine.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Utf8Test {

  /** Malformed input and the UTF-8 of what Node 20's {@code buffer.toString("utf8")} made of it. */
  private static final Map<String, String> NODE_READS = Map.ofEntries(
      Map.entry("eda080", "efbfbdefbfbdefbfbd"),
      Map.entry("edbfbf", "efbfbdefbfbdefbfbd"),
      Map.entry("eda0", "efbfbdefbfbd"),
      Map.entry("e282", "efbfbd"),
      Map.entry("c0af", "efbfbdefbfbd"),
      Map.entry("e08080", "efbfbdefbfbdefbfbd"),
      Map.entry("f4908080", "efbfbdefbfbdefbfbdefbfbd"),
      Map.entry("f09f98", "efbfbd"),
      Map.entry("80", "efbfbd"),
      Map.entry("ff", "efbfbd"),
      Map.entry("c2", "efbfbd"),
      Map.entry("e2ff", "efbfbdefbfbd"),
      Map.entry("f88080808080", "efbfbdefbfbdefbfbdefbfbdefbfbdefbfbd"));

  @Test
  void eachMaximalInvalidSubpartBecomesOneReplacementCharacterAsInNode() {
    NODE_READS.forEach((input, nodeText) -> assertThat(utf8(Utf8.decode(HexFormat.of().parseHex(input))))
        .as(input).isEqualTo(nodeText));
  }

  @Test
  void wellFormedTextIsReadAsItIs() {
    String text = "a\u00e9\u20ac\ud83d\ude00\u0000";

    assertThat(Utf8.decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
  }

  @Test
  void aRangeOfTheArrayIsRead() {
    assertThat(Utf8.decode("xx\u00e9yy".getBytes(StandardCharsets.UTF_8), 2, 4)).isEqualTo("\u00e9");
  }

  @Test
  void aPollingBodyIsReadAsNodeReadsItBeforeItIsSplit() throws EngineParseException {
    byte[] body = HexFormat.of().parseHex("3461eda0801e3462");

    List<EnginePacket> packets = new ArrayList<>();
    EngineParser.decodePayload(body, packets::add);

    assertThat(packets).containsExactly(EnginePacket.message("a\ufffd\ufffd\ufffd"), EnginePacket.message("b"));
  }

  private static String utf8(String s) {
    return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
  }
}
