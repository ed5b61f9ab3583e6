package io.carbonmlops.reports;

import io.carbonmlops.mlflow.client.MlflowClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hc.core5.http.ContentType;

/** Writes a report's files and attaches them to MLflow. */
public final class ReportFiles {
    public static final String BASE_NAME = "carbon-report";

    /** The formats {@code carbon report --format} accepts. */
    public enum Format {
        CSV, JSON, HTML;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Format parse(String text) {
            for (Format f : values()) {
                if (f.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown report format '" + text + "'; use csv, json and/or html");
        }
    }

    private ReportFiles() {}

    /**
     * Writes {@code carbon-report.csv} (and {@code carbon-report-budgets.csv}), {@code .json}, {@code .html} into an
     * existing directory, each atomically (a temp file, then a rename). Returns the files written.
     */
    public static List<Path> write(CarbonReport report, Set<Format> formats, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such directory (carbon does not create it)");
        }
        List<Path> written = new ArrayList<>();
        if (formats.contains(Format.CSV)) {
            written.add(write(dir.resolve(BASE_NAME + ".csv"), ReportCsv.lines(report)));
            if (!report.budgets().isEmpty()) {
                written.add(write(dir.resolve(BASE_NAME + "-budgets.csv"), ReportCsv.budgets(report)));
            }
        }
        if (formats.contains(Format.JSON)) {
            written.add(write(dir.resolve(BASE_NAME + ".json"), ReportJson.write(report)));
        }
        if (formats.contains(Format.HTML)) {
            written.add(write(dir.resolve(BASE_NAME + ".html"), ReportHtml.render(report)));
        }
        return written;
    }

    private static Path write(Path file, String text) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Attaches the written files to a new run named {@code carbon-report FROM..TO} in the experiment (created when
     * missing), under {@code carbon-report/}; returns the run id.
     */
    public static String attach(MlflowClient client, String experimentId, CarbonReport report, List<Path> files)
            throws IOException {
        com.google.gson.JsonObject create = new com.google.gson.JsonObject();
        create.addProperty("experiment_id", experimentId);
        create.addProperty("run_name", "carbon-report " + report.request().from().toString().substring(0, 10) + ".."
                + report.request().to().toString().substring(0, 10));
        create.addProperty("start_time", report.generatedAt().toEpochMilli());
        String runId = client.post("runs/create", create, MlflowClient.Retry.NEVER).getAsJsonObject("run")
                .getAsJsonObject("info").get("run_id").getAsString();
        for (Path file : files) {
            String name = file.getFileName().toString();
            ContentType type = name.endsWith(".html") ? ContentType.TEXT_HTML.withCharset(StandardCharsets.UTF_8)
                    : name.endsWith(".json") ? ContentType.APPLICATION_JSON
                    : ContentType.create("text/csv", StandardCharsets.UTF_8);
            client.putArtifact(experimentId, runId, BASE_NAME + "/" + name, Files.readAllBytes(file), type);
        }
        com.google.gson.JsonObject end = new com.google.gson.JsonObject();
        end.addProperty("run_id", runId);
        end.addProperty("status", "FINISHED");
        end.addProperty("end_time", report.generatedAt().toEpochMilli());
        client.post("runs/update", end, MlflowClient.Retry.SAFE);
        return runId;
    }
}
