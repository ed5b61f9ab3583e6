package hudson.model;

/** Stand-in. */
public interface TopLevelItem extends Item {}
