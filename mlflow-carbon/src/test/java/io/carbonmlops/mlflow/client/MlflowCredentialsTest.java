package io.carbonmlops.mlflow.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MlflowCredentialsTest {

    @Test
    void theSameRuleDecidesForEveryCaller() {
        assertThat(MlflowCredentials.resolve("ci", "pw", "tok")).isInstanceOf(MlflowCredentials.Basic.class);
        assertThat(MlflowCredentials.resolve("ci", null, "tok")).isInstanceOf(MlflowCredentials.Bearer.class);
        assertThat(MlflowCredentials.resolve(null, null, "tok").authorizationHeader()).contains("Bearer tok");
        assertThat(MlflowCredentials.resolve("", "", " ").authorizationHeader()).isEmpty();
    }

    @Test
    void identitiesNameWhoWritesWithoutTheSecret() {
        MlflowCredentials basic = MlflowCredentials.resolve("alice", "s3cret", null);
        MlflowCredentials bearer = MlflowCredentials.resolve(null, null, "tok-s3cret-123");

        assertThat(basic.identity()).isEqualTo("basic:alice");
        assertThat(MlflowCredentials.resolve("alice", "changed", null).identity()).isEqualTo(basic.identity());
        assertThat(bearer.identity()).startsWith("bearer:").doesNotContain("s3cret").hasSize("bearer:".length() + 24);
        assertThat(MlflowCredentials.resolve(null, null, "tok-s3cret-123").identity()).isEqualTo(bearer.identity());
        assertThat(MlflowCredentials.resolve(null, null, "tok-other").identity()).isNotEqualTo(bearer.identity());
        assertThat(MlflowCredentials.none().identity()).isEqualTo("none");
        assertThat(basic.toString() + bearer.toString() + basic.describe() + bearer.describe()).doesNotContain("s3cret");
    }

    @Test
    void aCallersHeaderIsReadAsTheSameKindsOfCredentials() {
        assertThat(MlflowCredentials.ofHeader(Optional.of("Basic YWxpY2U6czNjcmV0")))
                .isEqualTo(MlflowCredentials.resolve("alice", "s3cret", null));
        assertThat(MlflowCredentials.ofHeader(Optional.of("bearer tok"))).isEqualTo(new MlflowCredentials.Bearer("tok"));
        assertThat(MlflowCredentials.ofHeader(Optional.of("Negotiate abc")).authorizationHeader()).contains("Negotiate abc");
        assertThat(MlflowCredentials.ofHeader(Optional.empty()).authorizationHeader()).isEmpty();
    }
}
