package io.carbonmlops.meter.carbon;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import io.carbonmlops.meter.carbon.provider.ElectricityMapsProvider;
import io.carbonmlops.meter.carbon.provider.HttpSettings;
import io.carbonmlops.meter.carbon.provider.Secret;
import io.carbonmlops.meter.carbon.provider.WattTimeProvider;
import io.carbonmlops.meter.carbon.table.GridIntensityTable;
import io.carbonmlops.meter.carbon.table.TableProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tokens and passwords never appear in messages, warnings, toString or JSON, even when a server echoes them. */
@Timeout(30)
class SecretsNeverLeakTest {
    private static final String TOKEN = "sk-live-7d3f9c0b1a";
    private static final String PASSWORD = "hunter2-wt-91";

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-30T03:46:00Z"));
    private final GridIntensityTable table = GridIntensityTable.shipped();
    @RegisterExtension
    final LocalApiServer api = new LocalApiServer();

    private HttpSettings settings() {
        return api.settings("/v3");
    }

    @Test
    void anEchoedTokenIsRedactedEverywhereTheFailureIsReported() {
        api.server().enqueue(new MockResponse.Builder().code(401).body("{\"message\":\"invalid token " + TOKEN + "\"}").build());
        ElectricityMapsProvider live = new ElectricityMapsProvider(settings(), Optional.of(Secret.of(TOKEN)));
        List<String> everything = new ArrayList<>();
        try (ProviderChain chain = new ProviderChain(List.of(live, TableProvider.yearlyAverages(table)), table, clock,
                Duration.ofMinutes(5))) {
            IntensityResult result = chain.latest("DE");
            everything.add(result.fallbackReason());
            everything.addAll(result.warnings());
            everything.add(result.toString());
            everything.add(new Gson().toJson(result.fallbacks()));
            everything.add(live.toString());
            everything.add(chain.toString());
        }
        assertThat(String.join("\n", everything)).contains("http-401-unauthorized", "[redacted]").doesNotContain(TOKEN);
    }

    @Test
    void aWattTimePasswordNeverShowsEvenWhenTheLoginErrorEchoesIt() {
        api.server().enqueue(new MockResponse.Builder().code(403).body("bad password " + PASSWORD).build());
        WattTimeProvider live = new WattTimeProvider(settings(), Optional.of(Secret.of("user")),
                Optional.of(Secret.of(PASSWORD)), Map.of("DE", "DE"), clock);
        try (ProviderChain chain = new ProviderChain(List.of(live), table, clock, Duration.ofMinutes(5))) {
            IntensityResult result = chain.latest("DE");
            assertThat(result.fallbackReason()).contains("http-403-forbidden").doesNotContain(PASSWORD);
            assertThat(live.toString()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void aSecretHasNoVisibleFormAndReadsFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, TOKEN + "\n");
        Secret secret = Secret.fromEnvironment(Map.of("X_TOKEN_FILE", file.toString()), "X_TOKEN").orElseThrow();
        assertThat(secret.reveal()).isEqualTo(TOKEN);
        assertThat(secret.toString()).isEqualTo("[redacted]");
        assertThat(new Gson().toJson(secret)).isEqualTo("{}");
        assertThat(Secret.fromEnvironment(Map.of("X_TOKEN", TOKEN), "X_TOKEN").orElseThrow().reveal()).isEqualTo(TOKEN);
        assertThat(Secret.fromEnvironment(Map.of(), "X_TOKEN")).isEmpty();
    }
}
