package io.carbonmlops.mlflow.gate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GateTagsTest {

    @Test
    void figuresAreCopiedExactlyInPlainNotation() {
        assertThat(GateTags.exact(1.0)).isEqualTo("1");
        assertThat(GateTags.exact(0.25)).isEqualTo("0.25");
        assertThat(GateTags.exact(5.35e-9)).isEqualTo("0.00000000535"); // 5.35 µg: six decimals would say 0.000000
        assertThat(GateTags.exact(12_345.678)).isEqualTo("12345.678");
    }
}
