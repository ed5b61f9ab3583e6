package io.carbonmlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourceNameTest {
    @Test
    void theScriptAnInterpreterRunsIsTheSource() {
        assertThat(SourceName.of(List.of("python3", "train.py", "--lr", "0.1"))).isEqualTo("train.py");
        assertThat(SourceName.of(List.of("/usr/bin/python3.11", "-u", "src/train.py"))).isEqualTo("src/train.py");
        assertThat(SourceName.of(List.of("uv", "run", "python", "train.py"))).isEqualTo("train.py");
        assertThat(SourceName.of(List.of("bash", "-e", "run.sh"))).isEqualTo("run.sh");
    }

    @Test
    void aModuleInlineCodeOrAProgramNameItself() {
        assertThat(SourceName.of(List.of("python", "-m", "trainer.main", "--epochs", "3"))).isEqualTo("trainer.main");
        assertThat(SourceName.of(List.of("python3", "-c", "print(1)"))).isEqualTo("python3 -c");
        assertThat(SourceName.of(List.of("./train.sh", "x"))).isEqualTo("./train.sh");
        assertThat(SourceName.of(List.of("python3"))).isEqualTo("python3");
        assertThat(SourceName.of(List.of("sleep", "1"))).isEqualTo("sleep");
    }
}
