package com.cloudbees.plugins.credentials.common;

/** Stand-in. */
public interface StandardUsernameCredentials extends StandardCredentials, UsernameCredentials {}
