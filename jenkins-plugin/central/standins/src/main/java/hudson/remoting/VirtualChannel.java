package hudson.remoting;

/** Stand-in: a remoting channel; no member is used by the plugin. */
public interface VirtualChannel {}
