package org.chipledger.app.options;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one duration syntax of every command: a whole number with a unit, {@code 90s}, {@code 10m},
 * {@code 2h} or {@code 1d}, or ISO-8601 such as {@code PT90S} or {@code P1D}. Anything else is a
 * usage error (exit 2) that shows both forms.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  /** What the error message and the option descriptions show. */
  public static final String SYNTAX = "90s, 10m, 2h, 1d or ISO-8601 (PT90S, P1D)";

  @Override
  public Duration convert(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("p")) {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      }
      if (v.length() < 2) {
        throw invalid(value);
      }
      long amount = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(amount);
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        case 'd' -> Duration.ofDays(amount);
        default -> throw invalid(value);
      };
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw invalid(value);
    }
  }

  private static TypeConversionException invalid(String value) {
    return new TypeConversionException("'" + value + "' is not a duration: give " + SYNTAX);
  }
}
