package com.cloudbees.plugins.credentials.common;

/** Stand-in. */
public interface StandardCredentials extends IdCredentials {}
