package io.carbonmlops.meter.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.PowerSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasurementJsonTest {
    private static final Instant START = Instant.parse("2026-11-30T04:00:00Z");

    /** 10 s window: GPU 0 at 250 W (2500 J), CPU package at 36 J by estimate, RAM 7.2 J; PUE 1.25. */
    private static Measurement sample() {
        DeviceMeasurement gpu = new DeviceMeasurement(new DeviceId(DeviceKind.GPU, 0, "GPU-1234", "NVIDIA H200"),
                2500.0, MeasurementMethod.NVML_ENERGY_COUNTER, 250.0, 310.5,
                List.of(new PowerSample(5.0, 200.0), new PowerSample(10.0, 300.0)), false);
        DeviceMeasurement cpu = new DeviceMeasurement(new DeviceId(DeviceKind.CPU, 0, null, "package-0"),
                36.0, MeasurementMethod.CPU_TDP_ESTIMATE, 3.6, 4.0, List.of(), false);
        DeviceMeasurement ram = new DeviceMeasurement(new DeviceId(DeviceKind.RAM, 0, null, "RAM"),
                7.2, MeasurementMethod.RAM_ESTIMATE, 0.72, 0.72, List.of(), true);
        return new Measurement(START, START.plusMillis(10_000), Duration.ofSeconds(10), List.of(gpu, cpu, ram), 1.25,
                List.of("cpu 0 (package-0): RAPL unreadable, estimated from TDP"));
    }

    @Test
    void writesTheDocumentedTopLevelFieldsWithTheirTypes() {
        JsonObject json = MeasurementJson.toJsonObject(sample(), OptionalInt.of(7));

        assertThat(json.get("started_at").getAsString()).isEqualTo("2026-11-30T04:00:00.000Z");
        assertThat(json.get("ended_at").getAsString()).isEqualTo("2026-11-30T04:00:10.000Z");
        assertThat(json.get("duration_s").getAsDouble()).isEqualTo(10.0);
        assertThat(json.get("exit_code").getAsInt()).isEqualTo(7);
        assertThat(json.get("pue").getAsDouble()).isEqualTo(1.25);
        assertThat(json.get("format_version").getAsInt()).isEqualTo(MeasurementJson.FORMAT_VERSION);
        assertThat(json.get("meter_version").getAsString()).isNotBlank();
        assertThat(json.getAsJsonArray("warnings")).hasSize(1);
        assertThat(json.getAsJsonArray("warnings").get(0).getAsString()).contains("RAPL unreadable");
    }

    @Test
    void energyKwhSumsPerKindAndAppliesPueToFacility() {
        JsonObject kwh = MeasurementJson.toJsonObject(sample()).getAsJsonObject("energy_kwh");

        // 3.6e6 J per kWh: 2500 J = 6.944e-4 kWh; total 2543.2 J; facility = total x 1.25.
        assertThat(kwh.get("gpu").getAsDouble()).isCloseTo(2500.0 / 3.6e6, within(1e-15));
        assertThat(kwh.get("cpu").getAsDouble()).isCloseTo(36.0 / 3.6e6, within(1e-15));
        assertThat(kwh.get("ram").getAsDouble()).isCloseTo(7.2 / 3.6e6, within(1e-15));
        assertThat(kwh.get("total").getAsDouble()).isCloseTo(2543.2 / 3.6e6, within(1e-15));
        assertThat(kwh.get("facility").getAsDouble()).isCloseTo(2543.2 * 1.25 / 3.6e6, within(1e-15));
    }

    @Test
    void devicesCarryKindMethodEstimateFlagAndPowerSeries() {
        JsonArray devices = MeasurementJson.toJsonObject(sample()).getAsJsonArray("devices");

        JsonObject gpu = devices.get(0).getAsJsonObject();
        assertThat(gpu.get("kind").getAsString()).isEqualTo("gpu");
        assertThat(gpu.get("index").getAsInt()).isZero();
        assertThat(gpu.get("uuid").getAsString()).isEqualTo("GPU-1234");
        assertThat(gpu.get("name").getAsString()).isEqualTo("NVIDIA H200");
        assertThat(gpu.get("energy_j").getAsDouble()).isEqualTo(2500.0);
        assertThat(gpu.get("method").getAsString()).isEqualTo("nvml-energy-counter");
        assertThat(gpu.get("estimate").getAsBoolean()).isFalse();
        assertThat(gpu.get("mean_power_w").getAsDouble()).isEqualTo(250.0);
        assertThat(gpu.get("peak_power_w").getAsDouble()).isEqualTo(310.5);
        assertThat(gpu.get("partial").getAsBoolean()).isFalse();
        assertThat(gpu.getAsJsonArray("power_series").toString()).isEqualTo("[[5.0,200.0],[10.0,300.0]]");

        JsonObject cpu = devices.get(1).getAsJsonObject();
        assertThat(cpu.has("uuid")).as("CPU has no uuid field").isFalse();
        assertThat(cpu.get("method").getAsString()).isEqualTo("cpu-tdp-utilisation-estimate");
        assertThat(cpu.get("estimate").getAsBoolean()).isTrue();
        assertThat(devices.get(2).getAsJsonObject().get("partial").getAsBoolean()).isTrue();
    }

    @Test
    void instantsAlwaysHaveThreeFractionDigitsInUtc() {
        assertThat(MeasurementJson.formatInstant(Instant.parse("2026-01-02T03:04:05.120456Z")))
                .isEqualTo("2026-01-02T03:04:05.120Z");
        assertThat(MeasurementJson.formatInstant(Instant.parse("2026-01-02T03:04:05Z")))
                .isEqualTo("2026-01-02T03:04:05.000Z");
    }

    @Test
    void exitCodeIsOmittedWhenUnknown() {
        assertThat(MeasurementJson.toJsonObject(sample()).has("exit_code")).isFalse();
    }

    @Test
    void parsesItsOwnOutputBackToAnEqualMeasurement() {
        JsonObject json = MeasurementJson.toJsonObject(sample(), OptionalInt.of(3));
        json.addProperty("co2e_kg", 0.5); // a field added by another part of the suite survives the round trip

        MeasurementDocument document = MeasurementJson.parse(MeasurementJson.toJson(json));

        assertThat(document.measurement()).isEqualTo(sample());
        assertThat(document.exitCode()).hasValue(3);
        assertThat(document.meterVersion()).isEqualTo(json.get("meter_version").getAsString());
        assertThat(document.json().get("co2e_kg").getAsDouble()).isEqualTo(0.5);
    }

    @Test
    void parseNamesTheMissingOrMistypedField() {
        JsonObject noDevices = MeasurementJson.toJsonObject(sample());
        noDevices.remove("devices");
        assertThatThrownBy(() -> MeasurementJson.parse(noDevices.toString()))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("'devices'");

        JsonObject badPue = MeasurementJson.toJsonObject(sample());
        badPue.addProperty("pue", "high");
        assertThatThrownBy(() -> MeasurementJson.parse(badPue.toString()))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("'pue' must be a number");

        assertThatThrownBy(() -> MeasurementJson.parse("[1,2]"))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("must be a JSON object");
    }

    @Test
    void parseRejectsAnotherFormatVersion() {
        JsonObject json = MeasurementJson.toJsonObject(sample());
        json.addProperty("format_version", MeasurementJson.FORMAT_VERSION + 1);

        assertThatThrownBy(() -> MeasurementJson.parse(json.toString()))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("format_version");
    }

    @Test
    void writeReplacesTheFileWholeAndLeavesNoTempFileBehind(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("reports/m.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "old");

        MeasurementJson.write(MeasurementJson.toJsonObject(sample()), file);

        assertThat(JsonParser.parseString(Files.readString(file)).getAsJsonObject().get("pue").getAsDouble())
                .isEqualTo(1.25);
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing).containsExactly(file);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        assertThat(MeasurementJson.read(file).measurement()).isEqualTo(sample());
    }

    @Test
    void writeCreatesNoDirectories(@TempDir Path dir) {
        Path file = dir.resolve("missing/deeper/m.json");

        assertThatThrownBy(() -> MeasurementJson.write(MeasurementJson.toJsonObject(sample()), file))
                .isInstanceOf(java.nio.file.NoSuchFileException.class).hasMessageContaining(file.getParent().toString());
        assertThat(dir.resolve("missing")).doesNotExist();
    }
}
