package io.tidings.bus.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

/** Expected strings are what Node 20's {@code JSON.stringify} prints for the same values. */
class JavaScriptJsonTest {

  private static String quoted(String s) {
    StringBuilder out = new StringBuilder();
    JavaScriptJson.writeString(s, out);
    return out.toString();
  }

  @Test
  void controlCharactersUseShortEscapesOrLowercaseUnicodeEscapes() {
    assertThat(quoted("\b\t\n\f\r\u0000\u001f\u007f")).isEqualTo("\"\\b\\t\\n\\f\\r\\u0000\\u001f\u007f\"");
  }

  @Test
  void slashNonAsciiAndLineSeparatorsAreWrittenAsThemselves() {
    assertThat(quoted("a/b é 😀 \u2028")).isEqualTo("\"a/b é 😀 \u2028\"");
  }

  @Test
  void quotesAndBackslashesAreEscaped() {
    assertThat(quoted("\"\\")).isEqualTo("\"\\\"\\\\\"");
  }

  @Test
  void loneSurrogatesAreEscapedAsWellFormedStringifyDoes() {
    assertThat(quoted("x\ud800y\udc00")).isEqualTo("\"x\\ud800y\\udc00\"");
  }

  @Test
  void numbersFollowJavaScriptsNumberToString() {
    assertThat(JavaScriptJson.formatNumber(1.5)).isEqualTo("1.5");
    assertThat(JavaScriptJson.formatNumber(2.0)).isEqualTo("2");
    assertThat(JavaScriptJson.formatNumber(-0.0)).isEqualTo("0");
    assertThat(JavaScriptJson.formatNumber(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(JavaScriptJson.formatNumber(1e21)).isEqualTo("1e+21");
    assertThat(JavaScriptJson.formatNumber(1e20)).isEqualTo("100000000000000000000");
    assertThat(JavaScriptJson.formatNumber(123456789012345680000.0)).isEqualTo("123456789012345680000");
    assertThat(JavaScriptJson.formatNumber(1e-7)).isEqualTo("1e-7");
    assertThat(JavaScriptJson.formatNumber(1.5e-7)).isEqualTo("1.5e-7");
    assertThat(JavaScriptJson.formatNumber(0.000001)).isEqualTo("0.000001");
    assertThat(JavaScriptJson.formatNumber(-2.5e300)).isEqualTo("-2.5e+300");
    assertThat(JavaScriptJson.formatNumber(Double.NaN)).isEqualTo("null");
  }

  @Test
  void binaryIsWrittenAsNodeWritesABuffer() {
    assertThat(JavaScriptJson.stringify(JsonNodeFactory.instance.binaryNode(new byte[] {1, (byte) 255})))
        .isEqualTo("{\"type\":\"Buffer\",\"data\":[1,255]}");
  }
}
