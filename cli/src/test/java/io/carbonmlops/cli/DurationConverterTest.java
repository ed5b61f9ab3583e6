package io.carbonmlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void acceptsAmountsWithUnits() {
        assertThat(converter.convert("100ms")).isEqualTo(Duration.ofMillis(100));
        assertThat(converter.convert("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(converter.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("PT0.25S")).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void rejectsBareNumbersAndUnknownUnitsWithAnExample() {
        assertThatThrownBy(() -> converter.convert("100")).isInstanceOf(TypeConversionException.class)
                .hasMessage("'100' is not a duration: write a number and a unit, for example 100ms, 1s, 2m or 1h");
        assertThatThrownBy(() -> converter.convert("3d")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> converter.convert("PTx")).isInstanceOf(TypeConversionException.class);
    }
}
