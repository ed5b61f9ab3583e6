package jenkins;

/** Stand-in: tri-state used by {@code Extension.dynamicLoadable}. */
public enum YesNoMaybe {
    YES, NO, MAYBE
}
