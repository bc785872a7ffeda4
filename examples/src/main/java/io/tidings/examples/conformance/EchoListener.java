package io.tidings.examples.conformance;

import io.tidings.socketio.engine.EngineListener;
import io.tidings.socketio.engine.EngineSocket;

/**
 * Echoes every message of every session back to it, text as text and binary as binary, as the Engine.IO
 * suite's reference server does ({@code socket.on("message", (data) => socket.send(data))}).
 *
 * <p><b>Threading:</b> called on the sessions' loops; stateless.
 */
final class EchoListener implements EngineListener {

  @Override
  public void onConnection(EngineSocket socket) {
    socket.setListener(new EngineSocket.Listener() {
      @Override
      public void onText(String data) {
        socket.sendText(data);
      }

      @Override
      public void onBinary(byte[] data) {
        socket.sendBinary(data);
      }

      @Override
      public void onClose(String reason, String description) {}
    });
  }
}
