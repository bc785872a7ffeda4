package io.tidings.server.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of this JVM (logback's {@link ListAppender} on the root logger) while open,
 * at {@code level} and above, and restores the root level on close. For checking what the server logs.
 */
public final class LogCapture implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Level previous;

  private LogCapture(Level level) {
    previous = root.getLevel();
    appender.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    appender.start();
    root.addAppender(appender);
    root.setLevel(level);
  }

  /** Captures WARN and above. */
  public static LogCapture warnings() {
    return new LogCapture(Level.WARN);
  }

  /** Captures everything, TRACE included (for "never logged" checks). */
  public static LogCapture everything() {
    return new LogCapture(Level.TRACE);
  }

  /** Every formatted message so far, with the stack traces' text of their throwables. */
  public List<String> lines() {
    return List.copyOf(appender.list).stream().map(e -> {
      StringBuilder s = new StringBuilder(e.getLoggerName()).append(" ").append(e.getFormattedMessage());
      for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        s.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
      }
      return s.toString();
    }).toList();
  }

  /** The lines the server wrote (loggers under {@code io.tidings} and the launcher's {@code tidings}). */
  public List<String> serverLines() {
    return lines().stream().filter(l -> l.startsWith("io.tidings") || l.startsWith("tidings ")).toList();
  }

  /** Lines containing every one of {@code parts}. */
  public List<String> linesWith(String... parts) {
    return lines().stream().filter(l -> java.util.Arrays.stream(parts).allMatch(l::contains)).toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    root.setLevel(previous);
    appender.stop();
  }
}
