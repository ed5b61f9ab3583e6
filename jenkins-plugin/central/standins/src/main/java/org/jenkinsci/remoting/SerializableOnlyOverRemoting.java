package org.jenkinsci.remoting;

import java.io.Serializable;

/** Stand-in: serializable only over a remoting channel, never into build.xml or program.dat. */
public interface SerializableOnlyOverRemoting extends Serializable {}
