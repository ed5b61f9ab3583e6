package io.carbonmlops.mlflow.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalPathTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "/api/2.0/mlflow/model-versions/transition-stage",
        "/ajax-api/2.0/mlflow/model-versions/transition-stage",
        "/api/2.0/preview/mlflow/model-versions/transition-stage",
        "/some/static/prefix/api/2.0/mlflow/model-versions/transition-stage",
        "/api/2.0/mlflow/model-versions/transition-stage/",
        "//api/2.0/mlflow//model-versions///transition-stage//",
        "/api/2.0/mlflow/model-versions%2Ftransition-stage",
        "/api/2.0/mlflow/model-versions%2ftransition-stage",
        "/api/2.0/mlflow/model-versions%252Ftransition-stage",
        "/api/2.0/mlflow/model-versions/%74ransition%2Dstage",
        "/API/2.0/MLflow/Model-Versions/Transition-Stage",
        "/api/2.0/mlflow/model-versions/transition-stage;jsessionid=1",
        "/api/2.0/mlflow/./model-versions/x/../transition-stage",
        "/api/2.0/mlflow/model-versions\\transition-stage",
        "/api/2.0/mlflow/model-versions/transition-stage%20",
    })
    void everySpellingOfTransitionStageIsGated(String rawPath) {
        assertThat(GatedEndpoint.of(CanonicalPath.of(rawPath))).isEqualTo(GatedEndpoint.TRANSITION_STAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/ajax-api/2.0/mlflow/registered-models/alias",
        "/api/2.0/mlflow/registered-models%2Falias/",
        "/api/2.0/mlflow/REGISTERED-MODELS/ALIAS",
    })
    void everySpellingOfAliasIsGated(String rawPath) {
        assertThat(GatedEndpoint.of(CanonicalPath.of(rawPath))).isEqualTo(GatedEndpoint.ALIAS);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/api/2.0/mlflow/registered-models/rename",
        "/ajax-api/2.0/mlflow/registered-models/rename/",
        "/api/2.0/preview/mlflow/Registered-Models%2Frename",
        "//api/2.0/mlflow//registered-models/%72ename;x=1",
    })
    void everySpellingOfRenameIsGated(String rawPath) {
        assertThat(GatedEndpoint.of(CanonicalPath.of(rawPath))).isEqualTo(GatedEndpoint.RENAME_MODEL);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/api/2.0/mlflow/runs/get",
        "/ajax-api/2.0/mlflow/registered-models/get",
        "/api/2.0/mlflow/registered-models/alias-history",
        "/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/transition-stage",
        "/",
        "",
    })
    void otherPathsPassThrough(String rawPath) {
        assertThat(GatedEndpoint.of(CanonicalPath.of(rawPath))).isEqualTo(GatedEndpoint.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ajax-api/2.0/mlflow/model-versions/set-tag", "/api/2.0/mlflow/Model-Versions/DELETE-TAG/"})
    void versionTagWritesAreInspected(String rawPath) {
        assertThat(GatedEndpoint.of(CanonicalPath.of(rawPath))).isNotEqualTo(GatedEndpoint.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/2.0/mlflow/runs/log-metric", "/api/2.0/mlflow/runs/LOG-BATCH/",
        "/api/2.0/mlflow/runs/set-tag", "/api/2.0/mlflow/runs/delete-tag"})
    void metricsAndRunTagsPassUnjudgedSinceTheGateNeverReadsThem(String rawPath) {
        assertThat(GatedEndpoint.of(CanonicalPath.of(rawPath))).isEqualTo(GatedEndpoint.NONE);
    }

    @org.junit.jupiter.api.Test
    void readingOrDeletingAnAliasIsNotInspectedButEveryOtherMethodIs() {
        assertThat(GatedEndpoint.ALIAS.inspects("GET")).isFalse();
        assertThat(GatedEndpoint.ALIAS.inspects("DELETE")).isFalse();
        assertThat(GatedEndpoint.ALIAS.inspects("post")).isTrue();
        assertThat(GatedEndpoint.ALIAS.inspects("PATCH")).isTrue();
        assertThat(GatedEndpoint.TRANSITION_STAGE.inspects("GET")).as("GET with query fields").isTrue();
        assertThat(GatedEndpoint.TRANSITION_STAGE.inspects("OPTIONS")).isFalse();
        assertThat(GatedEndpoint.NONE.inspects("POST")).isFalse();
    }

    @org.junit.jupiter.api.Test
    void malformedEscapesAreKeptAndUnicodeSurvives() {
        assertThat(CanonicalPath.of("/a%zz/%E2%82%AC/%")).isEqualTo("/a%zz/€/%");
    }
}
