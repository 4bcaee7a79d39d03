package org.chipledger.app.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @ParameterizedTest
  @CsvSource({
    "90s, 90",
    "10m, 600",
    "2h, 7200",
    "1d, 86400",
    "0s, 0",
    "PT90S, 90",
    "PT10M, 600",
    "P1D, 86400",
    "pt1h, 3600",
    "' 10M ', 600",
    "PT1H30M, 5400"
  })
  void unitsAndIso8601GiveTheSameDurations(String text, long seconds) {
    assertThat(converter.convert(text)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "s", "10", "10x", "1.5h", "ten minutes", "P", "PT", "h2"})
  void anythingElseIsRefusedWithBothSyntaxesInTheMessage(String text) {
    assertThatThrownBy(() -> converter.convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("is not a duration")
        .hasMessageContaining("90s, 10m, 2h, 1d")
        .hasMessageContaining("PT90S");
  }
}
