package dev.streamdycoke.cli.logging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures every log event of this JVM at {@code level} and above while open, whatever the test
 * configuration's levels, so a test can search what production logging would have written. The
 * console keeps showing WARN and above only, to keep test output readable.
 */
public final class CapturedLogs implements AutoCloseable {
  private static final String CONSOLE = "console";

  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
  private final Map<LoggerConfig, Level> levels = new HashMap<>();
  private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
  private final Appender appender;

  public CapturedLogs(Level level) {
    appender =
        new AbstractAppender(
            "captured-" + System.identityHashCode(this), null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            events.add(render(event));
          }
        };
    appender.start();
    Configuration config = context.getConfiguration();
    config.addAppender(appender);
    List<LoggerConfig> loggers = new ArrayList<>(config.getLoggers().values());
    if (!loggers.contains(config.getRootLogger())) {
      loggers.add(config.getRootLogger());
    }
    for (LoggerConfig logger : loggers) {
      levels.put(logger, logger.getLevel());
      logger.setLevel(level);
      if (logger.getAppenders().containsKey(CONSOLE)) {
        Appender console = logger.getAppenders().get(CONSOLE);
        logger.removeAppender(CONSOLE);
        logger.addAppender(console, Level.WARN, null);
      }
      // Only where the event would not reach a parent's appender too (additivity).
      if (logger.getParent() == null || !logger.isAdditive()) {
        logger.addAppender(appender, null, null);
      }
    }
    context.updateLoggers();
  }

  /** Everything captured so far: logger name, message and any exception chain, one per event. */
  public List<String> events() {
    return List.copyOf(events);
  }

  @Override
  public void close() {
    Configuration config = context.getConfiguration();
    levels.forEach(
        (logger, level) -> {
          logger.removeAppender(appender.getName());
          logger.setLevel(level);
          if (logger.getAppenders().containsKey(CONSOLE)) {
            Appender console = logger.getAppenders().get(CONSOLE);
            logger.removeAppender(CONSOLE);
            logger.addAppender(console, null, null);
          }
        });
    config.getAppenders().remove(appender.getName());
    context.updateLoggers();
    appender.stop();
  }

  private static String render(LogEvent event) {
    StringBuilder text =
        new StringBuilder()
            .append(event.getLevel())
            .append(' ')
            .append(event.getLoggerName())
            .append(" - ")
            .append(event.getMessage().getFormattedMessage());
    for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
      text.append(" | ").append(t);
    }
    return text.toString();
  }
}
