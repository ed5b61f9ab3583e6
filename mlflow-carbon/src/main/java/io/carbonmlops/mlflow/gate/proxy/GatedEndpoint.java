package io.carbonmlops.mlflow.gate.proxy;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The MLflow endpoints the proxy inspects, recognised by the end of the canonical path so that every prefix MLflow
 * serves them under ({@code /api/2.0/mlflow/}, {@code /ajax-api/2.0/mlflow/}, {@code /api/2.0/preview/mlflow/}, a
 * static prefix, a future version) is covered. Everything else passes through untouched.
 */
public enum GatedEndpoint {
    /** Not inspected. */
    NONE,
    TRANSITION_STAGE,
    /** GET reads an alias and DELETE removes one; every other method sets one. */
    ALIAS,
    /** Guarded so {@code carbon.gate.*} tags can only be written by the gate. */
    SET_VERSION_TAG,
    /** Guarded so the gate's {@code carbon.gate.*} display copy cannot be removed (the ledger keeps the record). */
    DELETE_VERSION_TAG,
    /** Guarded so a new version cannot be created carrying {@code carbon.gate.*} tags. */
    CREATE_VERSION,
    /** Guarded so a model cannot be renamed out of its rules, promoted, and renamed back. */
    RENAME_MODEL;

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");

    public static GatedEndpoint of(String canonicalPath) {
        List<String> segments = List.of(canonicalPath.split("/"));
        if (segments.size() < 2) {
            return NONE;
        }
        String last = segments.get(segments.size() - 1);
        String parent = segments.get(segments.size() - 2);
        return switch (parent + "/" + last) {
            case "model-versions/transition-stage" -> TRANSITION_STAGE;
            case "registered-models/alias" -> ALIAS;
            case "model-versions/set-tag" -> SET_VERSION_TAG;
            case "model-versions/delete-tag" -> DELETE_VERSION_TAG;
            case "model-versions/create" -> CREATE_VERSION;
            case "registered-models/rename" -> RENAME_MODEL;
            default -> NONE;
        };
    }

    /**
     * Whether a request with this (upper-cased) method must be inspected. CORS preflights change nothing; reading or
     * deleting an alias is not a promotion.
     */
    public boolean inspects(String method) {
        String upper = method.toUpperCase(Locale.ROOT);
        if (this == NONE || upper.equals("OPTIONS")) {
            return false;
        }
        if (this == ALIAS) {
            return !READ_METHODS.contains(upper) && !upper.equals("DELETE");
        }
        return true;
    }

    /** MLflow reads a GET request's fields from the query string and every other request's from its JSON body. */
    public static boolean fieldsInQuery(String method) {
        return READ_METHODS.contains(method.toUpperCase(Locale.ROOT));
    }
}
