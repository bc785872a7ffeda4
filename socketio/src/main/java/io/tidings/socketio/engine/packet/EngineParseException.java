package io.tidings.socketio.engine.packet;

/**
 * Input that {@code engine.io-parser} decodes to its error packet ({@code {type:"error", data:"parser error"}}),
 * on which Node's engine.io closes the connection with the reason {@code "parse error"}.
 */
public final class EngineParseException extends Exception {

  private static final long serialVersionUID = 1L;

  EngineParseException() {
    super("parser error");
  }
}
