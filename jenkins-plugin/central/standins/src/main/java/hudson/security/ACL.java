package hudson.security;

import org.springframework.security.core.Authentication;

/** Stand-in: only the system authentication the plugin lists credentials as. */
public abstract class ACL {
    public static final Authentication SYSTEM2 = null;
}
