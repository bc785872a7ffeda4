package io.tidings.server.app;

/**
 * The app store (the PostgreSQL apps table) cannot be used: unreachable, missing table, refused login.
 * The message is one line meant for an operator, and never holds a password or a secret.
 */
public final class AppStoreException extends RuntimeException {

  public AppStoreException(String message) {
    super(message, null, false, false);
  }

  public AppStoreException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
