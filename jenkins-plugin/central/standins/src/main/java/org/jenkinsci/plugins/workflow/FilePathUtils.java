package org.jenkinsci.plugins.workflow;

import hudson.FilePath;

/** Stand-in: restart-safe handles for files on agents (node name + path instead of a FilePath). */
public class FilePathUtils {
    private FilePathUtils() {}

    public static String getNodeName(FilePath f) throws IllegalStateException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static FilePath find(String node, String path) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
