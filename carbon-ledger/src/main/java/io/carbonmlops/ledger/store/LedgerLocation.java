package io.carbonmlops.ledger.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a ledger lives, as {@code --ledger} / {@code CARBON_LEDGER} spell it:
 *
 * <ul>
 *   <li>a file path (or {@code sqlite:PATH}, {@code jdbc:sqlite:PATH}): an SQLite ledger; {@code ~/} is the home
 *       directory. The default is {@code ~/.carbon/ledger.db};</li>
 *   <li>{@code postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE[?PARAMS]} (libpq's form) or
 *       {@code jdbc:postgresql://HOST[:PORT]/DATABASE[?PARAMS]}: a PostgreSQL ledger. PARAMS are the PostgreSQL JDBC
 *       driver's ({@code sslmode=verify-full}, {@code connectTimeout=5}, …). A password is better kept out of the
 *       URL: the driver reads {@code ~/.pgpass} (or {@code PGPASSFILE}).</li>
 * </ul>
 *
 * {@link #describe()} never includes a password or the query parameters.
 */
public sealed interface LedgerLocation permits LedgerLocation.Sqlite, LedgerLocation.Postgres {
    /** The variable that names the ledger for the command line and {@link io.carbonmlops.ledger.LedgerConfig}. */
    String LEDGER_ENV = "CARBON_LEDGER";

    /** The location without credentials. */
    String describe();

    /** An SQLite ledger file. */
    record Sqlite(Path file) implements LedgerLocation {
        public Sqlite {
            file = file.toAbsolutePath().normalize();
        }

        @Override
        public String describe() {
            return file.toString();
        }
    }

    /**
     * A PostgreSQL ledger.
     *
     * @param jdbcUrl    {@code jdbc:postgresql://…} without user information
     * @param properties user and password when the location named them (never printed)
     * @param described  {@code postgresql://USER@HOST:PORT/DATABASE}
     */
    record Postgres(String jdbcUrl, Properties properties, String described) implements LedgerLocation {
        public Postgres {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Properties copy = new Properties();
            copy.putAll(properties);
            properties = copy;
        }

        @Override
        public Properties properties() {
            Properties copy = new Properties();
            copy.putAll(properties);
            return copy;
        }

        @Override
        public String describe() {
            return described;
        }

        @Override
        public String toString() {
            return "Postgres[" + described + "]";
        }
    }

    /** The default ledger: {@code ~/.carbon/ledger.db}. */
    static LedgerLocation defaultSqlite() {
        return new Sqlite(Path.of(System.getProperty("user.home"), ".carbon", "ledger.db"));
    }

    /** The ledger {@code CARBON_LEDGER} names, if it is set. */
    static java.util.Optional<LedgerLocation> fromEnvironment(Map<String, String> env) {
        String value = env.get(LEDGER_ENV);
        return value == null || value.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(parse(value));
    }

    /**
     * @throws IllegalArgumentException for a malformed PostgreSQL URL (the message shows it without its password)
     */
    static LedgerLocation parse(String text) {
        String value = text.strip();
        if (value.startsWith("postgresql://") || value.startsWith("postgres://")) {
            return postgres(value.substring(value.indexOf("://") + 3), value);
        }
        if (value.startsWith("jdbc:postgresql://")) {
            return postgres(value.substring("jdbc:postgresql://".length()), value);
        }
        if (value.startsWith("jdbc:sqlite:")) {
            return sqlite(value.substring("jdbc:sqlite:".length()));
        }
        if (value.startsWith("sqlite:")) {
            return sqlite(value.substring("sqlite:".length()));
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException("the ledger location is empty: give a file path or a postgresql:// URL");
        }
        return sqlite(value);
    }

    private static LedgerLocation sqlite(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return new Sqlite(Path.of(System.getProperty("user.home") + path.substring(1)));
        }
        return new Sqlite(Path.of(path));
    }

    private static LedgerLocation postgres(String rest, String original) {
        URI uri;
        try {
            uri = new URI("postgresql://" + rest);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a PostgreSQL URL: " + redact(original)
                    + " (expected postgresql://USER@HOST:PORT/DATABASE)");
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() <= 1) {
            throw new IllegalArgumentException("a PostgreSQL ledger URL needs a host and a database: " + redact(original)
                    + " (expected postgresql://USER@HOST:PORT/DATABASE; in a user name or password, write / @ : ? # "
                    + "as %2F %40 %3A %3F %23, or keep the password in ~/.pgpass)");
        }
        Properties properties = new Properties();
        String user = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            properties.setProperty("user", user);
            if (parts.length == 2) {
                properties.setProperty("password", decode(parts[1]));
            }
        }
        String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        if (user == null) {
            user = queryParameter(uri.getRawQuery(), "user");
        }
        String described = "postgresql://" + (user == null ? "" : user + "@") + hostPort + uri.getPath();
        return new Postgres("jdbc:postgresql://" + hostPort + uri.getRawPath() + query, properties, described);
    }

    private static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith(name + "=")) {
                return decode(pair.substring(name.length() + 1));
            }
        }
        return null;
    }

    /** Percent-decoding as in a URI: unlike form decoding, a '+' stays a '+' (libpq reads it so too). */
    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * The text with any user information and query removed, for error messages: everything between "//" and the
     * last '@' goes, since an unescaped '/' or '@' in a password would end a narrower match inside the password.
     */
    private static String redact(String text) {
        int scheme = text.indexOf("//");
        int at = text.lastIndexOf('@');
        String kept = scheme >= 0 && at > scheme ? text.substring(0, scheme + 2) + "…" + text.substring(at) : text;
        return kept.replaceAll("\\?.*$", "");
    }
}
