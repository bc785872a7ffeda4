package io.tidings.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidings.server.cli.AppFields.UsageException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The options of {@code apps add} and {@code apps update}, checked before any database is touched. */
class AppFieldsTest {

  @Test
  void optionsBecomeColumnValuesWithFlagsAsOneOrZero() {
    AppFields f = AppFields.parse(List.of("--max-connections=unlimited", "--client-messages", "--disabled",
        "--max-event-batch-size", "default", "--max-event-name-length", "40"), false);
    Map<String, String> expected = new HashMap<>();
    expected.put("max_connections", "-1");
    expected.put("enable_client_messages", "1");
    expected.put("enabled", "0");
    expected.put("max_event_batch_size", null);
    expected.put("max_event_name_length", "40");
    assertThat(f.values).isEqualTo(expected);
  }

  @Test
  void aLimitThatIsNotAWholeNumberIsAUsageError() {
    assertThatThrownBy(() -> AppFields.parse(List.of("--max-connections", "ten"), true))
        .isInstanceOf(UsageException.class).hasMessage("--max-connections must be a whole number, got 'ten'");
  }

  @Test
  void webhooksMustBeAJsonArrayOfObjects() {
    assertThatThrownBy(() -> AppFields.parse(List.of("--webhooks", "{\"url\":\"http://h\"}"), true))
        .isInstanceOf(UsageException.class).hasMessage("--webhooks must be a JSON array");
  }

  @Test
  void aKeyWithASlashIsRefusedBecauseItCouldNotBeInAWebSocketPath() {
    assertThatThrownBy(() -> AppFields.parse(List.of("--key", "a/b"), true))
        .isInstanceOf(UsageException.class).hasMessageContaining("--key must not contain");
  }

  @Test
  void theIdCannotBeChangedByUpdate() {
    assertThatThrownBy(() -> AppFields.parse(List.of("--id", "x"), false))
        .isInstanceOf(UsageException.class).hasMessageContaining("the id cannot be changed");
  }

  @Test
  void aNewSecretIsGeneratedAndRemembered() {
    AppFields f = AppFields.parse(List.of("--new-secret"), false);
    assertThat(f.values.get("secret")).matches("[0-9a-f]{32}").isEqualTo(f.generated.get("secret"));
  }
}
