package io.carbonmlops.meter.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class NvmlLibraryTest {
    @Test
    void aLibraryTheLoaderCannotFindIsOneLineNamingItAndTheRemedy() {
        NvmlException error = catchThrowableOfType(NvmlException.class,
                () -> NvmlLibrary.load("libnvidia-ml-absent-in-tests.so.1"));

        assertThat(error.getMessage())
                .as("JNA's list of every searched place stays in the cause, not in the user's warning")
                .doesNotContain("\n")
                .contains("libnvidia-ml-absent-in-tests.so.1", "NVML_ERROR_LIBRARY_NOT_FOUND",
                        "install the NVIDIA driver", NvmlLibrary.LIBRARY_ENV);
        assertThat(error.getCause()).isInstanceOf(UnsatisfiedLinkError.class);
    }
}
