package io.carbonmlops.jenkins;

import hudson.console.ConsoleLogFilter;
import hudson.model.Run;
import hudson.util.Secret;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.util.Collection;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;

/**
 * Masks the MLflow password or token a tracked body gets ({@code ****} in the console), as {@code withCredentials}
 * masks its bindings: credentials-binding's patterns, which also catch the quoted forms shells print. Merged into the
 * body's context, so it applies to everything the body logs; persisted with the body, so the pattern is kept as a
 * {@link Secret} (encrypted in program.dat).
 */
final class SecretMask extends ConsoleLogFilter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Secret pattern;
    private final String charsetName;

    SecretMask(Collection<String> secrets, Charset charset) {
        this.pattern = Secret.fromString(SecretPatterns.getAggregateSecretPattern(secrets).pattern());
        this.charsetName = charset.name();
    }

    @Override
    public OutputStream decorateLogger(Run build, OutputStream logger) {
        return new SecretPatterns.MaskingOutputStream(logger, () -> Pattern.compile(pattern.getPlainText()), charsetName);
    }
}
