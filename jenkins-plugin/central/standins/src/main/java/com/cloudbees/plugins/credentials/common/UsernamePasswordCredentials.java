package com.cloudbees.plugins.credentials.common;

/** Stand-in. */
public interface UsernamePasswordCredentials extends PasswordCredentials, UsernameCredentials {}
