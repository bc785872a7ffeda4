package io.tidings.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.admin.auth.AdminAuth;
import org.junit.jupiter.api.Test;

/** {@code ./tidings hash-password}: a hash the admin UI's login accepts for that password only. */
class HashPasswordTest {

  @Test
  void theHashLetsThePasswordInAndNoOther() {
    String hash = Main.hash("s3cret");
    assertThat(hash).matches("\\$2a\\$10\\$[./A-Za-z0-9]{53}");
    AdminAuth auth = AdminAuth.basic("admin", hash);
    assertThat(auth.check(null, "admin", "s3cret")).isInstanceOf(AdminAuth.Accepted.class);
    assertThat(auth.check(null, "admin", "secret")).isInstanceOf(AdminAuth.Refused.class);
  }
}
