package io.carbonmlops.jenkins.carbon;

import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.meter.carbon.provider.Providers;
import io.carbonmlops.mlflow.gate.policy.PolicyException;
import io.carbonmlops.mlflow.gate.policy.PolicyLoader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** Validation of the global configuration's fields: each returns the problem as a sentence, empty when fine. */
public final class ConfigChecks {
    private ConfigChecks() {}

    public static Optional<String> pue(String value) {
        if (value == null) {
            return Optional.of("PUE must be a number such as 1.2");
        }
        try {
            double pue = Double.parseDouble(value.trim());
            return pue >= 1.0 && pue <= 5.0 ? Optional.empty()
                    : Optional.of("PUE must be between 1.0 and 5.0 (1.0 = no facility overhead), was " + value.trim());
        } catch (NumberFormatException e) {
            return Optional.of("PUE must be a number such as 1.2, was '" + value + "'");
        }
    }

    public static Optional<String> trackingUri(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of("without a tracking URI, withCarbonTracking cannot log to MLflow");
        }
        try {
            String scheme = new URI(value.trim()).getScheme();
            return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme) ? Optional.empty()
                    : Optional.of("the MLflow tracking URI must be http(s)://host:port, was " + value.trim());
        } catch (URISyntaxException e) {
            return Optional.of("not a URI: " + e.getMessage());
        }
    }

    public static Optional<String> providers(String spec) {
        if (spec == null || spec.isBlank()) {
            return Optional.empty();
        }
        for (String name : spec.split(",")) {
            String wanted = name.strip().toLowerCase(Locale.ROOT);
            if (!wanted.isEmpty() && !Providers.NAMES.contains(wanted)) {
                return Optional.of("unknown intensity provider '" + wanted + "'; known: " + String.join(", ", Providers.NAMES));
            }
        }
        return Optional.empty();
    }

    /** A ledger location: empty is fine (no ledger); a password inside a PostgreSQL URL is refused. */
    public static Optional<String> ledgerLocation(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        LedgerLocation location;
        try {
            location = LedgerLocation.parse(value);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        if (location instanceof LedgerLocation.Postgres postgres && postgres.properties().containsKey("password")) {
            return Optional.of("keep the password out of the URL (the configuration is stored in plain text):"
                    + " choose a 'Username with password' credential under Ledger credentials");
        }
        return Optional.empty();
    }

    public static Optional<String> gatePolicy(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            return Optional.empty();
        }
        try {
            PolicyLoader.parse(yaml, GateCheck.POLICY_LABEL);
            return Optional.empty();
        } catch (PolicyException e) {
            return Optional.of(e.getMessage());
        }
    }
}
