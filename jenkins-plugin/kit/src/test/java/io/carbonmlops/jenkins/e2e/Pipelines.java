package io.carbonmlops.jenkins.e2e;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Pipeline jobs on a {@link JenkinsController}, over its REST API: create, build, wait, read the console. */
final class Pipelines {
    private final JenkinsController jenkins;

    Pipelines(JenkinsController jenkins) {
        this.jenkins = jenkins;
    }

    /** One finished build. */
    record Build(String job, int number, String result, String console) {}

    /** Creates a Pipeline job running {@code script} (sandboxed, as a user's Jenkinsfile would be). */
    void create(String job, String script) throws IOException, InterruptedException {
        String xml = "<flow-definition plugin=\"workflow-job\"><definition class=\"org.jenkinsci.plugins.workflow.cps."
                + "CpsFlowDefinition\" plugin=\"workflow-cps\"><script>" + escape(script) + "</script><sandbox>true</sandbox>"
                + "</definition></flow-definition>";
        HttpResponse<String> created = jenkins.post("createItem?name=" + job, "application/xml", xml);
        if (created.statusCode() != 200) {
            throw new IOException("createItem " + job + ": HTTP " + created.statusCode() + "\n" + created.body());
        }
    }

    /** Triggers a build and returns its number once it left the queue. */
    int start(String job) throws IOException, InterruptedException {
        HttpResponse<String> queued = jenkins.post("job/" + job + "/build?delay=0sec", "text/plain", "");
        String item = queued.headers().firstValue("Location").orElseThrow(() -> new IOException(
                "build of " + job + " not queued: HTTP " + queued.statusCode() + "\n" + queued.body()));
        String itemPath = URI.create(item).getPath().substring(1) + "api/json";
        int[] number = {0};
        jenkins.await("build of " + job + " to leave the queue", Duration.ofMinutes(2), () -> {
            JsonObject json = quietly(() -> jenkins.json(itemPath));
            if (json != null && json.has("executable") && json.get("executable").isJsonObject()) {
                number[0] = json.getAsJsonObject("executable").get("number").getAsInt();
                return true;
            }
            return false;
        });
        return number[0];
    }

    /** Runs a build to its end. */
    Build run(String job, Duration timeout) throws IOException, InterruptedException {
        return await(job, start(job), timeout);
    }

    /** Waits for a build to end. */
    Build await(String job, int number, Duration timeout) throws IOException, InterruptedException {
        jenkins.await(job + " #" + number + " to finish", timeout, () -> {
            JsonObject json = quietly(() -> jenkins.json("job/" + job + "/" + number + "/api/json?tree=building,result"));
            return json != null && !json.get("building").getAsBoolean();
        });
        String result = jenkins.json("job/" + job + "/" + number + "/api/json?tree=result").get("result").getAsString();
        return new Build(job, number, result, console(job, number));
    }

    /** Waits until the running build's console contains {@code text}. */
    void awaitConsole(String job, int number, String text, Duration timeout) {
        jenkins.await("'" + text + "' in the console of " + job + " #" + number, timeout, () -> {
            String console = quietly(() -> console(job, number));
            return console != null && console.contains(text);
        });
    }

    String console(String job, int number) throws IOException, InterruptedException {
        return jenkins.get("job/" + job + "/" + number + "/consoleText").body();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private interface Call<T> {
        T call() throws IOException, InterruptedException;
    }

    private static <T> T quietly(Call<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            return null; // not there yet, or the controller is restarting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
