package io.carbonmlops.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.carbonmlops.meter.inference.InferenceFigures;
import io.carbonmlops.meter.inference.InferenceJson;
import io.carbonmlops.meter.inference.ModelVersion;
import io.carbonmlops.meter.report.Figures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The inference options of {@code carbon measure}: the predictions the measured serving window or batch job made,
 * given ({@code --predictions N}) or read after the command ends from a file it wrote ({@code --predictions-from
 * FILE}: a whole number, or JSON {@code {"predictions": N}}). Adds the {@code inference} object (energy and CO2e per
 * 1,000 predictions, load) to the measurement, which MLflow logging turns into {@code carbon/inference_g_per_1k} and
 * the ledger into an {@code inference-window} entry. The model is {@code --model-name} / {@code --model-version}.
 */
final class PredictionOptions implements MeasureHook {
    /** The variable that tells the measured command where to write its count. */
    static final String PREDICTIONS_FILE_ENV = "CARBON_PREDICTIONS_FILE";
    private static final long MAX_FILE_BYTES = 4096;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--predictions", paramLabel = "N",
            description = "The command made N predictions: adds energy and CO2e per 1,000 predictions (needs "
                    + "--model-name).")
    Long predictions;

    @Option(names = "--predictions-from", paramLabel = "FILE",
            description = "Read the prediction count after the command ends from FILE, which it writes (its path is "
                    + "in " + PREDICTIONS_FILE_ENV + "): a whole number, or JSON {\"predictions\": N}.")
    Path predictionsFile;

    private Supplier<Optional<ModelVersion>> model = Optional::empty;

    /** Where the model name and version come from (the ledger options, which record them). */
    PredictionOptions forModelOf(LedgerOptions ledger) {
        model = ledger::model;
        return this;
    }

    private boolean enabled() {
        return predictions != null || predictionsFile != null;
    }

    @Override
    public void checkOptions() {
        if (predictions != null && predictionsFile != null) {
            throw new ParameterException(mixee.commandLine(), "give --predictions or --predictions-from, not both");
        }
        if (!enabled()) {
            return;
        }
        if (predictions != null && predictions < 0) {
            throw new ParameterException(mixee.commandLine(), "--predictions must be 0 or more, was " + predictions);
        }
        if (model.get().isEmpty()) {
            throw new ParameterException(mixee.commandLine(), (predictions != null ? "--predictions" : "--predictions-from")
                    + " needs --model-name (or CARBON_MODEL_NAME): per-prediction figures belong to a model (and "
                    + "--model-version for a registry version)");
        }
        if (predictionsFile != null) {
            Path dir = predictionsFile.toAbsolutePath().getParent();
            if (Files.isDirectory(predictionsFile) || dir == null || !Files.isDirectory(dir)) {
                throw new ParameterException(mixee.commandLine(), "--predictions-from " + predictionsFile
                        + ": name a file in an existing directory (the command writes it)");
            }
        }
    }

    @Override
    public void beforeCommand(Map<String, String> environment) {
        if (predictionsFile != null) {
            environment.put(PREDICTIONS_FILE_ENV, predictionsFile.toAbsolutePath().toString());
        }
    }

    @Override
    public void afterCommand(MeasureOutcome outcome, JsonObject json, List<String> summaryLines) throws IOException {
        if (!enabled()) {
            return;
        }
        long count = predictions != null ? predictions : readCount(predictionsFile);
        ModelVersion version = model.get().orElseThrow();
        InferenceFigures figures = InferenceJson.addTo(json, version, count);
        summaryLines.add(summary(version, figures));
    }

    /**
     * The count in a predictions file: a whole number, or a JSON object with a whole-number {@code predictions}.
     *
     * @throws IOException naming the file and what is wrong with it
     */
    static long readCount(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("predictions file " + file + " does not exist: the command must write its "
                    + "prediction count there (path in " + PREDICTIONS_FILE_ENV + "); no per-prediction figures");
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException("predictions file " + file + " is over " + MAX_FILE_BYTES + " bytes; it must hold a "
                    + "number or {\"predictions\": N}");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        try {
            JsonElement parsed = JsonParser.parseString(text);
            JsonElement value = parsed.isJsonObject() ? parsed.getAsJsonObject().get("predictions") : parsed;
            if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
                double number = value.getAsDouble();
                if (number >= 0 && number == Math.rint(number) && number < 9.0e15) {
                    return (long) number;
                }
            }
        } catch (JsonParseException | IllegalStateException e) {
            // reported below with the expected format
        }
        throw new IOException("predictions file " + file + " holds '" + MeasurementSummary.oneLine(
                text.length() > 80 ? text.substring(0, 80) + "…" : text) + "'; expected a whole number of "
                + "predictions (e.g. 15000) or {\"predictions\": 15000}");
    }

    /** The prediction count a measurement document's inference object holds, if any. */
    static OptionalLong predictionCount(JsonObject json) {
        JsonElement inference = json.get("inference");
        if (inference == null || !inference.isJsonObject()) {
            return OptionalLong.empty();
        }
        JsonElement count = inference.getAsJsonObject().get("prediction_count");
        return count != null && count.isJsonPrimitive() ? OptionalLong.of(count.getAsLong()) : OptionalLong.empty();
    }

    private static String summary(ModelVersion model, InferenceFigures figures) {
        StringBuilder line = new StringBuilder("  inference: " + figures.predictionCount() + " predictions of "
                + model.describe() + ", " + Figures.number(figures.predictionsPerSecond(), Figures.DIGITS)
                + " predictions/s");
        figures.facilityEnergyJoulesPer1k().ifPresent(j -> line.append(", ").append(Figures.energy(j))
                .append(" per 1,000"));
        figures.co2eGramsPer1k().ifPresent(g -> line.append(", ").append(Figures.co2e(g / 1000.0))
                .append(" per 1,000"));
        if (figures.predictionCount() == 0) {
            line.append(" (no predictions: no per-prediction figures)");
        }
        return line.toString();
    }
}
