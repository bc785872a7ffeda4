package io.tidings.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Basic authentication with the bcrypt hash the admin UI's README gives for the password "changeit". */
class AdminAuthTest {

  /** From {@code @socket.io/admin-ui} 0.5.1's README: "changeit" hashed by Node's bcrypt, cost 10. */
  static final String CHANGEIT = "$2b$10$heqvAkYMez.Va6Et2uXInOnkCT6/uQj1brkrbyG3LpopDklcq7ZOS";

  final AdminAuth auth = AdminAuth.basic("admin", CHANGEIT);

  @Test
  void theRightUserAndPasswordAreLetInWithANewSessionId() {
    AdminAuth.Outcome o = auth.check(null, "admin", "changeit");
    assertThat(o).isInstanceOf(AdminAuth.Accepted.class);
    assertThat(((AdminAuth.Accepted) o).newSessionId()).matches("[0-9a-f]{16}");
  }

  @Test
  void aWrongPasswordOrUserIsRefused() {
    assertThat(auth.check(null, "admin", "changeme")).isInstanceOf(AdminAuth.Refused.class);
    assertThat(auth.check(null, "root", "changeit")).isInstanceOf(AdminAuth.Refused.class);
    assertThat(auth.check(null, null, null)).isInstanceOf(AdminAuth.Refused.class);
  }

  @Test
  void aSessionIdGivenEarlierLetsTheClientBackInWithoutCredentials() {
    String session = ((AdminAuth.Accepted) auth.check(null, "admin", "changeit")).newSessionId();
    assertThat(auth.check(session, null, null)).isEqualTo(new AdminAuth.Accepted(null));
    assertThat(auth.check("0123456789abcdef", null, null)).isInstanceOf(AdminAuth.Refused.class);
  }

  @Test
  void aPasswordLongerThanBcryptTakesIsRefusedNotAnError() {
    assertThat(auth.check(null, "admin", "x".repeat(200))).isInstanceOf(AdminAuth.Refused.class);
  }

  @Test
  void somethingThatIsNotABcryptHashIsRejectedAtStart() {
    assertThatThrownBy(() -> AdminAuth.basic("admin", "changeit"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the `password` field must be a valid bcrypt hash");
  }

  @Test
  void disabledLetsEveryoneIn() {
    assertThat(AdminAuth.disabled().check(null, null, null)).isEqualTo(new AdminAuth.Accepted(null));
    assertThat(AdminAuth.disabled().enabled()).isFalse();
  }

  @Test
  void aSessionAnnouncedByAnotherNodeIsAcceptedAndNothingElseIs() {
    auth.acceptSession("00112233aabbccdd");
    auth.acceptSession("not-a-session-id");
    assertThat(auth.check("00112233aabbccdd", null, null)).isEqualTo(new AdminAuth.Accepted(null));
    assertThat(auth.check("not-a-session-id", null, null)).isInstanceOf(AdminAuth.Refused.class);
  }
}
