package io.tidings.socketio.parser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JavaScriptValuesTest {

  @Test
  void numberOfAStringIsWhatJavaScriptsNumberGives() {
    // Each right-hand side is String(Number(input)) printed by Node 20.
    Map<String, Double> node = new LinkedHashMap<>();
    node.put("", 0d);
    node.put(" ", 0d);
    node.put("\u00a0 12 \u3000", 12d);
    node.put("\ufeff7", 7d);
    node.put("0x1A", 26d);
    node.put("0X1a", 26d);
    node.put("0o17", 15d);
    node.put("0b101", 5d);
    node.put("1e1", 10d);
    node.put("1.", 1d);
    node.put(".5", 0.5);
    node.put("+1", 1d);
    node.put("-1", -1d);
    node.put("1e+2", 100d);
    node.put("00012", 12d);
    node.put("0.0000001", 1e-7);
    node.put("Infinity", Double.POSITIVE_INFINITY);
    node.put("-Infinity", Double.NEGATIVE_INFINITY);
    node.put("+Infinity", Double.POSITIVE_INFINITY);
    node.put("1e400", Double.POSITIVE_INFINITY);
    node.put("0x" + "f".repeat(300), Double.POSITIVE_INFINITY);
    for (String nan : new String[] {"0x", "0b2", "1e", "infinity", "1_000", "\u0661", "1 2", "\u180e7", "1d", "1f", "NaN",
        "0x-1", "-0x1"}) {
      node.put(nan, Double.NaN);
    }

    node.forEach((input, expected) -> assertThat(JavaScriptValues.toNumber(input, 0, input.length())).as(input).isEqualTo(expected));
  }

  @Test
  void aMegabyteOfHexDigitsIsInfinityWithoutQuadraticWork() {
    String huge = "0x1" + "0".repeat(1_000_000);

    assertThat(JavaScriptValues.toNumber(huge, 0, huge.length())).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void safeIntegersAreIntOrLongNodesAndOtherNumbersDoubles() {
    assertThat(JavaScriptValues.number(2.0)).isEqualTo(IntNode.valueOf(2));
    assertThat(JavaScriptValues.number(-0.0)).isEqualTo(IntNode.valueOf(0));
    assertThat(JavaScriptValues.number(0x1p40)).isEqualTo(LongNode.valueOf(1L << 40));
    assertThat(JavaScriptValues.number(0x1p53)).isEqualTo(DoubleNode.valueOf(0x1p53));
    assertThat(JavaScriptValues.number(1L << 60)).isEqualTo(DoubleNode.valueOf(0x1p60));
    assertThat(JavaScriptValues.number(0.5)).isEqualTo(DoubleNode.valueOf(0.5));
  }

  @Test
  void arrayIndicesAreTheCanonicalIntegersBelowTwoToTheThirtyTwoMinusOne() {
    assertThat(JavaScriptValues.isArrayIndex("0")).isTrue();
    assertThat(JavaScriptValues.isArrayIndex("4294967294")).isTrue();
    assertThat(JavaScriptValues.isArrayIndex("4294967295")).isFalse();
    assertThat(JavaScriptValues.isArrayIndex("01")).isFalse();
    assertThat(JavaScriptValues.isArrayIndex("-1")).isFalse();
    assertThat(JavaScriptValues.isArrayIndex("1.0")).isFalse();
    assertThat(JavaScriptValues.isArrayIndex("")).isFalse();
  }
}
