package com.cloudbees.plugins.credentials;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import java.io.Serializable;

/** Stand-in: no member is used by the plugin. */
public interface Credentials extends Describable<Credentials>, Serializable, ExtensionPoint {}
