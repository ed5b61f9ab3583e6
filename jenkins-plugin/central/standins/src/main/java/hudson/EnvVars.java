package hudson;

import java.util.Map;
import java.util.TreeMap;

/**
 * Stand-in: environment variables, case-insensitive like the real class. {@link #override} is functional so
 * plain tests can expand an environment.
 */
public class EnvVars extends TreeMap<String, String> {
    private static final long serialVersionUID = 1L;

    public EnvVars() {
        super(String.CASE_INSENSITIVE_ORDER);
    }

    public EnvVars(Map<String, String> m) {
        this();
        putAll(m);
    }

    public void override(String key, String value) {
        if (value == null || value.isEmpty()) {
            remove(key);
        } else {
            put(key, value);
        }
    }
}
