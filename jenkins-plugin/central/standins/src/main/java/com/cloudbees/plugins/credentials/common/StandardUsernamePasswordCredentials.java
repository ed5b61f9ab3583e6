package com.cloudbees.plugins.credentials.common;

/** Stand-in. */
public interface StandardUsernamePasswordCredentials extends StandardUsernameCredentials, UsernamePasswordCredentials {}
