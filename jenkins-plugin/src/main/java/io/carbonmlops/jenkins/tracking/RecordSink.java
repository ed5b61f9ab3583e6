package io.carbonmlops.jenkins.tracking;

import java.io.IOException;

/**
 * Where a finished block's record goes on the controller once MLflow has it (or its spool): the build page, and any
 * later keeper of records (a signed ledger) added by the step's wiring. A sink that fails adds a problem to the block's
 * result; it never stops the others.
 */
@FunctionalInterface
public interface RecordSink {
    /** A short name for problems, e.g. "the build page". */
    default String name() {
        return getClass().getSimpleName();
    }

    void accept(BlockRecord record) throws IOException;

    /** A sink with a name, for lambdas. */
    static RecordSink named(String name, RecordSink sink) {
        return new RecordSink() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void accept(BlockRecord record) throws IOException {
                sink.accept(record);
            }
        };
    }
}
