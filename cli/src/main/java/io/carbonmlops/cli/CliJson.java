package io.carbonmlops.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import java.io.PrintWriter;

/** The JSON that {@code --json} prints on stdout: indented, with {@code <}, {@code >} and {@code &} left as they are. */
final class CliJson {
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

    private CliJson() {}

    static void print(PrintWriter out, JsonElement json) {
        out.println(PRETTY.toJson(json));
    }
}
