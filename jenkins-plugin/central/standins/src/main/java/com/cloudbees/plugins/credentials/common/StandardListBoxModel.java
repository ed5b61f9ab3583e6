package com.cloudbees.plugins.credentials.common;

/** Stand-in. */
public class StandardListBoxModel extends AbstractIdCredentialsListBoxModel<StandardListBoxModel, StandardCredentials> {
    private static final long serialVersionUID = 1L;

    @Override
    protected String describe(StandardCredentials c) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
