package io.carbonmlops.jenkins.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the Electricity Maps API v3 (its JSON shapes, served over real HTTP on 127.0.0.1): the latest
 * intensity per zone (DE 300, FR 60, SE 20 g/kWh), and a 5-minute forecast in which the grid gets clean
 * {@link #dropAfter} after each request (20 s unless set): 400 g/kWh until then, 100 after. So a 5-minute job is best started at that
 * drop, a short and known wait. Its {@code past-range} history holds what that forecast said: 5-minute figures of
 * 400 g/kWh before the drop of the latest forecast and 100 from it, so work after a wait is accounted at 100 g/kWh
 * and its run-now counterfactual (at the decision, before the drop) at 400.
 */
final class ForecastStandIn implements AutoCloseable {
    static final Duration DROP_AFTER = Duration.ofSeconds(20);
    static final Map<String, Integer> LATEST = Map.of("DE", 300, "FR", 60, "SE", 20);

    private final HttpServer server;
    private final AtomicInteger forecastRequests = new AtomicInteger();
    private volatile Duration dropAfter = DROP_AFTER;
    private volatile Instant lastDrop = Instant.now();
    static final int BEFORE_DROP_G_PER_KWH = 400;
    static final int AFTER_DROP_G_PER_KWH = 100;

    private ForecastStandIn(HttpServer server) {
        this.server = server;
    }

    static ForecastStandIn start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ForecastStandIn standIn = new ForecastStandIn(server);
        server.createContext("/v3/carbon-intensity/latest", standIn::latest);
        server.createContext("/v3/carbon-intensity/forecast", standIn::forecast);
        server.createContext("/v3/carbon-intensity/past-range", standIn::pastRange);
        server.start();
        return standIn;
    }

    /** The API base the controller's CARBON_ELECTRICITYMAPS_URL names. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v3";
    }

    /** How long after each request the grid gets clean (default {@link #DROP_AFTER}): how long a wait lasts. */
    void dropAfter(Duration value) {
        dropAfter = value;
    }

    int forecastRequests() {
        return forecastRequests.get();
    }

    private void latest(HttpExchange exchange) throws IOException {
        String zone = query(exchange.getRequestURI(), "zone");
        Integer grams = LATEST.get(zone);
        if (grams == null) {
            answer(exchange, 404, "{\"error\":\"unknown zone\"}");
            return;
        }
        answer(exchange, 200, "{\"zone\":\"" + zone + "\",\"carbonIntensity\":" + grams + ",\"datetime\":\""
                + Instant.now().truncatedTo(ChronoUnit.HOURS) + "\",\"temporalGranularity\":\"hourly\"}");
    }

    private void forecast(HttpExchange exchange) throws IOException {
        forecastRequests.incrementAndGet();
        String zone = query(exchange.getRequestURI(), "zone");
        Instant drop = Instant.now().plus(dropAfter).truncatedTo(ChronoUnit.SECONDS);
        lastDrop = drop;
        StringBuilder rows = new StringBuilder();
        for (int i = -1; i < 36; i++) {
            Instant from = drop.plus(Duration.ofMinutes(5L * i));
            rows.append(rows.length() == 0 ? "" : ",").append("{\"zone\":\"").append(zone)
                    .append("\",\"carbonIntensity\":").append(i < 0 ? BEFORE_DROP_G_PER_KWH : AFTER_DROP_G_PER_KWH).append(",\"datetime\":\"").append(from)
                    .append("\",\"temporalGranularity\":\"5_minutes\"}");
        }
        answer(exchange, 200, "{\"zone\":\"" + zone + "\",\"forecast\":[" + rows + "],\"updatedAt\":\""
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\"}");
    }

    /** 5-minute rows over [start, end), on the latest forecast's grid: 400 g/kWh before its drop, 100 from it. */
    private void pastRange(HttpExchange exchange) throws IOException {
        String zone = query(exchange.getRequestURI(), "zone");
        Instant start = Instant.parse(query(exchange.getRequestURI(), "start"));
        Instant end = Instant.parse(query(exchange.getRequestURI(), "end"));
        Instant drop = lastDrop;
        Duration step = Duration.ofMinutes(5);
        long first = Math.floorDiv(Duration.between(drop, start).toSeconds(), step.toSeconds());
        StringBuilder rows = new StringBuilder();
        for (Instant from = drop.plus(step.multipliedBy(first)); from.isBefore(end); from = from.plus(step)) {
            rows.append(rows.length() == 0 ? "" : ",").append("{\"zone\":\"").append(zone)
                    .append("\",\"carbonIntensity\":").append(from.isBefore(drop) ? BEFORE_DROP_G_PER_KWH
                            : AFTER_DROP_G_PER_KWH).append(",\"datetime\":\"").append(from)
                    .append("\",\"temporalGranularity\":\"5_minutes\"}");
        }
        answer(exchange, 200, "{\"zone\":\"" + zone + "\",\"data\":[" + rows + "]}");
    }

    private static String query(URI uri, String name) {
        for (String pair : uri.getRawQuery() == null ? new String[0] : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
