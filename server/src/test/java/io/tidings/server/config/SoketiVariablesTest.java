package io.tidings.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tidings.server.config.SoketiVariables.Variable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Table-driven: Soketi 1.6.1's 115 variables (the table of the reference, kept in
 * {@code config/soketi-1.6.1-variables.tsv}) against {@link SoketiVariables}, and each one read at its
 * option path.
 */
class SoketiVariablesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One row of the reference table. */
  record Row(String name, String path, String defaultJson) {
    @Override public String toString() {
      return name;
    }
  }

  static List<Row> reference() {
    try (InputStream in = SoketiVariablesTest.class.getResourceAsStream("/config/soketi-1.6.1-variables.tsv")) {
      List<Row> rows = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] f = line.split("\t");
        rows.add(new Row(f[0], f[1], f[2]));
      }
      return rows;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      throw new AssertionError(s, e);
    }
  }

  @Test
  void theTableHoldsExactlySoketis115VariablesWithTheirPathsAndRealDefaults() {
    List<Row> reference = reference();
    assertThat(reference).hasSize(115);
    Map<String, Variable> ours = SoketiVariables.SOKETI.stream().collect(Collectors.toMap(Variable::name, v -> v));
    assertThat(ours.keySet()).containsExactlyInAnyOrderElementsOf(reference.stream().map(Row::name).toList());
    for (Row r : reference) {
      Variable v = ours.get(r.name());
      assertThat(v.path()).as(r.name() + " path").isEqualTo(r.path());
      assertThat(json(v.defaultJson())).as(r.name() + " default").isEqualTo(json(r.defaultJson()));
    }
  }

  @Test
  void tidingsOwnVariablesUseTheSoketiPrefixAndCollideWithNone() {
    List<String> soketi = SoketiVariables.SOKETI.stream().map(Variable::name).toList();
    List<String> paths = SoketiVariables.SOKETI.stream().map(Variable::path).toList();
    for (Variable v : SoketiVariables.TIDINGS) {
      assertThat(v.name()).startsWith("SOKETI_").isNotIn(soketi);
      assertThat(v.path()).isNotIn(paths);
    }
  }

  /** A value unlike the default, of the same JSON kind, as an environment variable would hold it. */
  static String distinctValue(String defaultJson) {
    JsonNode d = json(defaultJson);
    if (d.isBoolean()) return Boolean.toString(!d.asBoolean());
    if (d.isNumber()) return "4242";
    if (d.isObject()) return "{\"k\":1}";
    if (d.isArray()) return "[\"a\",\"b\"]";
    return "tidings-test-value"; // strings and nulls: not JSON, so the raw string is used
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reference")
  void eachVariableIsReadAtItsOptionPath(Row row) {
    String value = distinctValue(row.defaultJson());
    OptionTree tree = ConfigLoader.options(Map.of(row.name(), value), null, new ArrayList<>());
    JsonNode expected = value.equals("tidings-test-value") ? TextNode.valueOf(value) : json(value);
    assertThat(tree.get(row.path())).isEqualTo(expected);
    assertThat(tree.sourceOf(row.path())).isEqualTo(row.name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reference")
  void eachVariableLeftUnsetOrEmptyKeepsSoketisDefault(Row row) {
    OptionTree unset = ConfigLoader.options(Map.of(), null, new ArrayList<>());
    OptionTree empty = ConfigLoader.options(Map.of(row.name(), ""), null, new ArrayList<>());
    assertThat(unset.get(row.path())).isEqualTo(json(row.defaultJson()));
    assertThat(empty.get(row.path())).isEqualTo(json(row.defaultJson()));
  }
}
