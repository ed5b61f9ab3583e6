package io.carbonmlops.ledger.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerLocationTest {
    @Test
    void libpqUrlsBecomeJdbcUrlsWithTheCredentialsAsProperties() {
        LedgerLocation.Postgres location = (LedgerLocation.Postgres) LedgerLocation.parse(
                "postgresql://carbon:s%40cret@db.example:5433/ledger?sslmode=verify-full");

        assertThat(location.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/ledger?sslmode=verify-full");
        assertThat(location.properties()).containsEntry("user", "carbon").containsEntry("password", "s@cret");
        assertThat(location.describe()).isEqualTo("postgresql://carbon@db.example:5433/ledger");
        assertThat(location.toString()).doesNotContain("cret");
    }

    @Test
    void jdbcUrlsAreKeptAndTheirPasswordsNeverDescribed() {
        LedgerLocation.Postgres location = (LedgerLocation.Postgres) LedgerLocation.parse(
                "jdbc:postgresql://db:5432/ledger?user=w&password=hunter2");

        assertThat(location.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/ledger?user=w&password=hunter2");
        assertThat(location.describe()).isEqualTo("postgresql://w@db:5432/ledger");
    }

    @Test
    void pathsAreSqliteFiles() {
        String home = System.getProperty("user.home");
        assertThat(LedgerLocation.parse("~/x/ledger.db")).isEqualTo(new LedgerLocation.Sqlite(Path.of(home, "x/ledger.db")));
        assertThat(LedgerLocation.parse("sqlite:/tmp/a.db")).isEqualTo(new LedgerLocation.Sqlite(Path.of("/tmp/a.db")));
        assertThat(LedgerLocation.parse("jdbc:sqlite:/tmp/a.db")).isEqualTo(new LedgerLocation.Sqlite(Path.of("/tmp/a.db")));
        assertThat(LedgerLocation.defaultSqlite()).isEqualTo(new LedgerLocation.Sqlite(Path.of(home, ".carbon/ledger.db")));
        assertThat(LedgerLocation.fromEnvironment(Map.of())).isEmpty();
        assertThat(LedgerLocation.fromEnvironment(Map.of("CARBON_LEDGER", "/tmp/b.db")))
                .contains(new LedgerLocation.Sqlite(Path.of("/tmp/b.db")));
    }

    @Test
    void malformedUrlsAreRefusedWithoutTheirPassword() {
        assertThatThrownBy(() -> LedgerLocation.parse("postgresql://u:hunter2@host"))
                .hasMessageContaining("needs a host and a database").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> LedgerLocation.parse(" ")).hasMessageContaining("empty");
    }

    @Test
    void aPlusInTheUserInformationIsAPlusNotASpace() {
        LedgerLocation.Postgres location = (LedgerLocation.Postgres) LedgerLocation.parse(
                "postgresql://carbon+ci:a+b%2Bc@db:5432/ledger");

        assertThat(location.properties()).containsEntry("user", "carbon+ci").containsEntry("password", "a+b+c");
    }

    @Test
    void aPasswordWithAnUnescapedSlashOrAtSignNeverShowsInTheError() {
        for (String url : new String[] {"postgresql://u:hun/ter2@host/db", "postgresql://u:hun@ter2@host/db", "postgresql://u:hun?ter2@host/db",
            "postgres://u:hu/n@ter2@host:5432/db?sslmode=require"}) {
            assertThatThrownBy(() -> LedgerLocation.parse(url)).as(url).hasMessageContaining("postgres")
                    .hasMessageNotContaining("ter2").hasMessageNotContaining("hun");
        }
    }
}
