package io.tidings.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code SOKETI_ADMIN_UI_*}: defaults, and the admin UI never runs without credentials. */
class AdminUiConfigTest {

  static final String CHANGEIT = "$2b$10$heqvAkYMez.Va6Et2uXInOnkCT6/uQj1brkrbyG3LpopDklcq7ZOS";

  @Test
  void theAdminUiIsOffByDefaultWithTheUisOwnDefaults() {
    ServerConfig.AdminUi a = ServerConfig.defaults().adminUi();
    assertThat(a).isEqualTo(new ServerConfig.AdminUi(false, "/admin-ui/", "/socket.io/", "/admin", "admin", "", false, true, ""));
  }

  @Test
  void enabledItNeedsAPasswordHash() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("SOKETI_ADMIN_UI_ENABLED", "true"), null))
        .isInstanceOf(ConfigException.class).hasMessageContaining("SOKETI_ADMIN_UI_PASSWORD_HASH").hasMessageContaining("must be set");
  }

  @Test
  void thePasswordHashMustBeBcrypt() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("SOKETI_ADMIN_UI_ENABLED", "true", "SOKETI_ADMIN_UI_PASSWORD_HASH", "changeit"), null))
        .isInstanceOf(ConfigException.class).hasMessageContaining("SOKETI_ADMIN_UI_PASSWORD_HASH").hasMessageContaining("bcrypt");
  }

  @Test
  void pathsGetTheirTrailingSlashAndTheModeIsChecked() {
    ServerConfig.AdminUi a = ConfigLoader.load(Map.of("SOKETI_ADMIN_UI_ENABLED", "true", "SOKETI_ADMIN_UI_PASSWORD_HASH", CHANGEIT,
        "SOKETI_ADMIN_UI_PATH", "/ops/ui", "SOKETI_ADMIN_UI_MODE", "production", "SOKETI_ADMIN_UI_READONLY", "true"), null).config().adminUi();
    assertThat(a.path()).isEqualTo("/ops/ui/");
    assertThat(a.development()).isFalse();
    assertThat(a.readonly()).isTrue();
    assertThat(a.toString()).doesNotContain(CHANGEIT);
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("SOKETI_ADMIN_UI_MODE", "debug"), null))
        .isInstanceOf(ConfigException.class).hasMessageContaining("SOKETI_ADMIN_UI_MODE");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("SOKETI_ADMIN_UI_PATH", "/"), null))
        .isInstanceOf(ConfigException.class).hasMessageContaining("SOKETI_ADMIN_UI_PATH");
  }
}
