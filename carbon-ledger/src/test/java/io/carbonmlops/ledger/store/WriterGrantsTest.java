package io.carbonmlops.ledger.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The GRANT statements 'carbon ledger init --grants-for ROLE' prints for the owner to paste. */
class WriterGrantsTest {
    @Test
    void aPlainRoleNameIsWrittenAsItIs() {
        assertThat(PostgresLedgerStore.writerGrants("carbon_writer")).containsExactly(
                "GRANT SELECT, INSERT ON ledger_entries, ledger_keys TO carbon_writer",
                "GRANT SELECT ON ledger_meta TO carbon_writer");
    }

    @Test
    void anyOtherRoleNameIsQuotedSoThePrintedSqlGrantsToThatRoleAndDoesNothingElse() {
        assertThat(PostgresLedgerStore.writerGrants("ci-writer").get(1)).isEqualTo(
                "GRANT SELECT ON ledger_meta TO \"ci-writer\"");
        assertThat(PostgresLedgerStore.writerGrants("w; DROP TABLE ledger_entries; --").get(1)).isEqualTo(
                "GRANT SELECT ON ledger_meta TO \"w; DROP TABLE ledger_entries; --\"");
        assertThat(PostgresLedgerStore.writerGrants("a\"b").get(1)).isEqualTo(
                "GRANT SELECT ON ledger_meta TO \"a\"\"b\"");
    }
}
