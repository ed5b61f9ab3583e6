package hudson.model;

/** Stand-in: no member is used by the plugin. */
public interface ItemGroup<T extends Item> {}
