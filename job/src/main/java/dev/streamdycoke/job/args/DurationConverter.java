package dev.streamdycoke.job.args;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/**
 * Reads durations the way operators write them: {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h},
 * or ISO-8601.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  public static Duration parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("0")) {
      // "Off" for the flags where zero means that, without making people pick a unit.
      return Duration.ZERO;
    }
    if (v.startsWith("p")) {
      return Duration.parse(value.trim());
    }
    if (v.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
    }
    long amount = Long.parseLong(v.substring(0, v.length() - 1));
    return switch (v.charAt(v.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      default ->
          throw new IllegalArgumentException(
              "not a duration: '" + value + "' (use e.g. 500ms, 2s, 5m)");
    };
  }
}
