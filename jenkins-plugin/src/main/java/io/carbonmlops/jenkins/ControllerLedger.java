package io.carbonmlops.jenkins;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.security.ACL;
import io.carbonmlops.ledger.LedgerConfig;
import io.carbonmlops.ledger.keys.SigningKey;
import io.carbonmlops.ledger.store.LedgerLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;

/**
 * The carbon ledger as the controller reaches it: the configured location (with its database credential), the
 * controller's spool in {@code $JENKINS_HOME/carbon-ledger-spool}, and the signing key from a System-scoped
 * secret-file credential. Credentials are looked up as the system, never as the build: builds cannot read the key.
 */
final class ControllerLedger {
    static final String SPOOL_FOLDER = "carbon-ledger-spool";

    private ControllerLedger() {}

    /** The configured ledger; empty when none is configured. */
    static Optional<LedgerConfig> config(CarbonGlobalConfiguration config) throws AbortException {
        if (config.getLedgerLocation() == null) {
            return Optional.empty();
        }
        LedgerLocation location;
        try {
            location = LedgerLocation.parse(config.getLedgerLocation());
        } catch (IllegalArgumentException e) {
            throw new AbortException("carbon-mlops: the ledger location is not usable: " + e.getMessage());
        }
        if (config.getLedgerCredentialsId() != null) {
            location = withLogin(location, config.getLedgerCredentialsId());
        }
        return Optional.of(LedgerConfig.of(location).withSpoolBase(spoolBase()));
    }

    static Path spoolBase() {
        return Jenkins.get().getRootDir().toPath().resolve(SPOOL_FOLDER);
    }

    /** The controller's signing key for measurement entries; empty when no key credential is configured. */
    static Optional<SigningKey> signingKey(CarbonGlobalConfiguration config) throws AbortException {
        return systemKey(config.getLedgerSigningKeyCredentialsId(), "ledger signing key");
    }

    /** The key that signs carbonGate's decision entries; empty when none is configured. */
    static Optional<SigningKey> gateKey(CarbonGlobalConfiguration config) throws AbortException {
        return systemKey(config.getGateSigningKeyCredentialsId(), "gate signing key");
    }

    private static Optional<SigningKey> systemKey(String id, String purpose) throws AbortException {
        if (id == null) {
            return Optional.empty();
        }
        FileCredentials file = systemCredential(id, FileCredentials.class, purpose, "Secret file");
        if (file.getScope() != CredentialsScope.SYSTEM) {
            throw new AbortException("carbon-mlops: the " + purpose + " credential '" + id + "' is "
                    + file.getScope() + "-scoped, so builds could read it and sign entries of their own; make it"
                    + " System-scoped (Manage Jenkins → Credentials)");
        }
        try (InputStream in = file.getContent()) {
            return Optional.of(SigningKey.fromPem(new String(in.readAllBytes(), StandardCharsets.US_ASCII)));
        } catch (IOException | IllegalArgumentException e) {
            throw new AbortException("carbon-mlops: the " + purpose + " credential '" + id + "' holds no Ed25519"
                    + " private key in PEM (create one with 'carbon ledger keygen'): " + e.getMessage());
        }
    }

    private static LedgerLocation withLogin(LedgerLocation location, String id) throws AbortException {
        if (!(location instanceof LedgerLocation.Postgres postgres)) {
            throw new AbortException("carbon-mlops: the ledger credential '" + id + "' is for a PostgreSQL ledger; an"
                    + " SQLite ledger (" + location.describe() + ") is protected by its file's permissions instead");
        }
        StandardUsernamePasswordCredentials login = systemCredential(id, StandardUsernamePasswordCredentials.class,
                "ledger database", "Username with password");
        Properties properties = postgres.properties();
        properties.setProperty("user", login.getUsername());
        properties.setProperty("password", login.getPassword().getPlainText());
        String host = postgres.describe().replaceFirst("^postgresql://([^@/]*@)?", "");
        return new LedgerLocation.Postgres(postgres.jdbcUrl(), properties,
                "postgresql://" + login.getUsername() + "@" + host);
    }

    private static <C extends StandardCredentials> C systemCredential(String id, Class<C> type, String purpose,
            String typeName) throws AbortException {
        List<StandardCredentials> all = CredentialsProvider.lookupCredentialsInItemGroup(StandardCredentials.class,
                Jenkins.get(), ACL.SYSTEM2, List.of());
        StandardCredentials found = CredentialsMatchers.firstOrNull(all, CredentialsMatchers.withId(id));
        if (found == null) {
            throw new AbortException("carbon-mlops: the " + purpose + " credential '" + id + "' was not found in"
                    + " Jenkins' own credentials; check the id in Manage Jenkins → System → carbon-mlops");
        }
        if (!type.isInstance(found)) {
            throw new AbortException("carbon-mlops: the " + purpose + " credential '" + id + "' is of type '"
                    + found.getClass().getSimpleName() + "' where '" + typeName + "' was expected");
        }
        return type.cast(found);
    }
}
