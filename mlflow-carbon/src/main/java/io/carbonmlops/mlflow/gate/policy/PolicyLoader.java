package io.carbonmlops.mlflow.gate.policy;

import io.carbonmlops.ledger.keys.PublicKeys;
import io.carbonmlops.ledger.keys.TrustList;
import io.carbonmlops.ledger.keys.TrustedKey;
import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.mlflow.gate.GateTarget;
import io.carbonmlops.mlflow.gate.policy.GatePolicy.Outcome;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a gate policy from YAML and validates all of it before anything is enforced. It walks snakeyaml's node tree
 * (never binding to arbitrary types) so that every error can name the file, line and column, and rejects unknown keys
 * so a misspelt {@code budget_kgs} cannot silently disable a budget.
 */
public final class PolicyLoader {
    private static final Set<String> TOP_KEYS = Set.of("version", "defaults", "lineage", "trust", "ledger", "rules",
            "monthly_budgets", "exceptions");
    private static final Set<String> DEFAULTS_KEYS = Set.of("missing_carbon", "unmatched");
    private static final Set<String> LINEAGE_KEYS = Set.of("max_runs");
    private static final Set<String> TRUST_KEYS = Set.of("name", "public_key");
    private static final Set<String> RULE_KEYS = Set.of("model", "stage", "alias", "budget_kg", "counts", "signed_by");
    private static final Set<String> MONTHLY_KEYS = Set.of("team", "project", "budget_kg");
    private static final Set<String> EXCEPTION_KEYS = Set.of("model", "version", "run_id", "created_at", "stage",
            "alias", "approver", "reason", "expires");
    /**
     * Keys of the tag-based gate (before it read the ledger), refused with what replaces them: ignoring them would
     * leave a budget or a lineage the author believes enforced.
     */
    private static final Map<String, String> OBSOLETE_KEYS = Map.of(
            "pipeline_tag", "run tags are no longer read: the pipeline is the pipeline_id recorded in the ledger entries'"
                    + " attribution (carbon measure --pipeline-id); remove this key",
            "tag", "run tags are no longer read: give 'team: NAME' or 'project: NAME', as recorded in the ledger"
                    + " entries' attribution (carbon measure --team/--project)",
            "value", "run tags are no longer read: give 'team: NAME' or 'project: NAME', as recorded in the ledger"
                    + " entries' attribution (carbon measure --team/--project)");

    private final String file;

    private PolicyLoader(String file) {
        this.file = file;
    }

    public static GatePolicy load(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyException(path.toString(), 1, 1, "cannot read the policy file: " + e.getMessage(), e);
        }
        return parse(text, path.toString());
    }

    /** Parses policy text; {@code file} labels errors and explanations. */
    public static GatePolicy parse(String yamlText, String file) {
        return new PolicyLoader(file).read(new StringReader(yamlText));
    }

    private GatePolicy read(Reader reader) {
        Node root = compose(reader);
        if (root == null) {
            throw new PolicyException(file, 1, 1, "the policy is empty; it needs at least a 'rules' list");
        }
        Map<String, NodeTuple> top = mapping(root, "the policy", TOP_KEYS);
        if (top.containsKey("version")) {
            int version = integer(top.get("version").getValueNode(), "version");
            if (version != 1) {
                throw error(top.get("version").getValueNode(), "version: only version 1 is understood, got " + version);
            }
        }
        Outcome missingCarbon = Outcome.DENY;
        Outcome unmatched = Outcome.ALLOW;
        if (top.containsKey("defaults")) {
            Map<String, NodeTuple> defaults = mapping(top.get("defaults").getValueNode(), "defaults", DEFAULTS_KEYS);
            missingCarbon = outcome(defaults, "missing_carbon", missingCarbon);
            unmatched = outcome(defaults, "unmatched", unmatched);
        }
        int maxRuns = GatePolicy.DEFAULT_MAX_LINEAGE_RUNS;
        if (top.containsKey("lineage")) {
            Map<String, NodeTuple> lineage = mapping(top.get("lineage").getValueNode(), "lineage", LINEAGE_KEYS);
            if (lineage.containsKey("max_runs")) {
                Node node = lineage.get("max_runs").getValueNode();
                maxRuns = integer(node, "lineage.max_runs");
                if (maxRuns < 1) {
                    throw error(node, "lineage.max_runs: must be at least 1, got " + maxRuns);
                }
            }
        }
        if (!top.containsKey("rules") && !top.containsKey("monthly_budgets")) {
            throw error(root, "the policy has neither 'rules' nor 'monthly_budgets'; nothing would be enforced");
        }
        if (!top.containsKey("trust")) {
            throw error(root, "the policy has no 'trust' list: the gate counts only ledger entries signed by the keys"
                    + " listed there ('trust: [{name, public_key}]', from 'carbon ledger keygen')");
        }
        TrustList trust = trust(top.get("trust").getValueNode());
        Optional<String> ledger = Optional.empty();
        if (top.containsKey("ledger")) {
            Node node = top.get("ledger").getValueNode();
            String location = text(node, "ledger");
            try {
                LedgerLocation.parse(location);
            } catch (IllegalArgumentException e) {
                throw error(node, "ledger: " + e.getMessage());
            }
            ledger = Optional.of(location);
        }
        List<BudgetRule> rules = top.containsKey("rules") ? rules(top.get("rules").getValueNode(), trust) : List.of();
        List<MonthlyBudget> monthly = top.containsKey("monthly_budgets")
                ? monthlyBudgets(top.get("monthly_budgets").getValueNode()) : List.of();
        List<Waiver> waivers = top.containsKey("exceptions")
                ? waivers(top.get("exceptions").getValueNode()) : List.of();
        return new GatePolicy(file, missingCarbon, unmatched, maxRuns, trust, ledger, rules, monthly, waivers);
    }

    private Node compose(Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(1024 * 1024);
        try {
            return new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = "not valid YAML: " + e.getProblem();
            if (mark == null) {
                throw new PolicyException(file, 1, 1, problem, e);
            }
            throw new PolicyException(file, mark.getLine() + 1, mark.getColumn() + 1, problem, e);
        } catch (YAMLException e) {
            throw new PolicyException(file, 1, 1, "not valid YAML: " + e.getMessage(), e);
        }
    }

    /** One entry of a list of mappings, with its 1-based number and where it is ({@code rules[2]}) for messages. */
    @FunctionalInterface
    private interface EntryReader<T> {
        T read(int number, Node item, String where, Map<String, NodeTuple> fields);
    }

    private <T> List<T> entries(Node node, String name, Set<String> allowedKeys, EntryReader<T> reader) {
        List<T> entries = new ArrayList<>();
        List<Node> items = sequence(node, name);
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String where = name + "[" + (i + 1) + "]";
            entries.add(reader.read(i + 1, item, where, mapping(item, where, allowedKeys)));
        }
        return entries;
    }

    private TrustList trust(Node node) {
        List<TrustedKey> keys = entries(node, "trust", TRUST_KEYS, (number, item, where, fields) -> {
            String name = text(required(fields, "name", item, where), where + ".name");
            Node keyNode = required(fields, "public_key", item, where);
            try {
                return TrustedKey.of(name, PublicKeys.parse(text(keyNode, where + ".public_key")));
            } catch (IllegalArgumentException e) {
                throw error(keyNode, where + ".public_key: " + e.getMessage());
            }
        });
        if (keys.isEmpty()) {
            throw error(node, "trust: the list is empty, so no ledger entry would count; name at least one signer");
        }
        try {
            return TrustList.of(keys);
        } catch (IllegalArgumentException e) {
            throw error(node, "trust: " + e.getMessage());
        }
    }

    private List<BudgetRule> rules(Node node, TrustList trust) {
        return entries(node, "rules", RULE_KEYS, (number, item, where, fields) -> rule(number, item, where, fields,
                trust));
    }

    private BudgetRule rule(int number, Node item, String where, Map<String, NodeTuple> fields, TrustList trust) {
        NamePattern model = pattern(required(fields, "model", item, where), where + ".model");
        TargetPattern target = target(fields, item, where);
        double budgetKg = kilograms(required(fields, "budget_kg", item, where), where + ".budget_kg");
        CarbonScope scope = CarbonScope.LINEAGE;
        if (fields.containsKey("counts")) {
            Node counts = fields.get("counts").getValueNode();
            String value = text(counts, where + ".counts").toLowerCase(Locale.ROOT);
            scope = switch (value) {
                case "run" -> CarbonScope.RUN;
                case "lineage" -> CarbonScope.LINEAGE;
                default -> throw error(counts, where + ".counts: expected 'run' or 'lineage', got '" + value + "'");
            };
        }
        Optional<String> signedBy = Optional.empty();
        if (fields.containsKey("signed_by")) {
            Node signer = fields.get("signed_by").getValueNode();
            signedBy = Optional.of(text(signer, where + ".signed_by"));
            if (trust.byName(signedBy.get()).isEmpty()) {
                throw error(signer, where + ".signed_by: '" + signedBy.get() + "' is not a name in the 'trust' list "
                        + trust.keys().stream().map(TrustedKey::name).toList());
            }
        }
        return new BudgetRule(number, model, target, budgetKg, scope, signedBy, sourceOf(item));
    }

    private List<MonthlyBudget> monthlyBudgets(Node node) {
        Map<String, Node> seen = new HashMap<>();
        return entries(node, "monthly_budgets", MONTHLY_KEYS, (number, item, where, fields) -> {
            boolean team = fields.containsKey("team");
            if (team == fields.containsKey("project")) {
                throw error(item, where + ": give exactly one of 'team' or 'project'");
            }
            MonthlyBudget.Dimension dimension = team ? MonthlyBudget.Dimension.TEAM : MonthlyBudget.Dimension.PROJECT;
            String value = text(fields.get(dimension.key()).getValueNode(), where + "." + dimension.key());
            double budgetKg = kilograms(required(fields, "budget_kg", item, where), where + ".budget_kg");
            Node earlier = seen.putIfAbsent(dimension.key() + "\u0000" + value, item);
            if (earlier != null) {
                throw error(item, where + ": a budget for " + dimension.key() + "=" + value + " is already set at line "
                        + (earlier.getStartMark().getLine() + 1));
            }
            return new MonthlyBudget(dimension, value, budgetKg, sourceOf(item));
        });
    }

    private List<Waiver> waivers(Node node) {
        return entries(node, "exceptions", EXCEPTION_KEYS, this::waiver);
    }

    private Waiver waiver(int number, Node item, String where, Map<String, NodeTuple> fields) {
        if (!fields.containsKey("run_id") || !fields.containsKey("created_at")) {
            throw error(item, where + ": an exception binds to the version's identity: give 'run_id' (or 'none') and"
                    + " 'created_at' as 'carbon gate check' prints them, so that a re-created model's version with the"
                    + " same number is not covered");
        }
        String model = text(required(fields, "model", item, where), where + ".model");
        if (model.contains("*") || model.contains("?")) {
            throw error(fields.get("model").getValueNode(),
                    where + ".model: an exception names one registered model exactly, not a glob");
        }
        String version = text(required(fields, "version", item, where), where + ".version");
        if (!version.matches("[1-9][0-9]*")) {
            throw error(fields.get("version").getValueNode(),
                    where + ".version: expected a model version number, got '" + version + "'");
        }
        String runId = text(required(fields, "run_id", item, where), where + ".run_id");
        Node createdNode = required(fields, "created_at", item, where);
        Instant createdAt;
        try {
            createdAt = Instant.parse(text(createdNode, where + ".created_at"));
        } catch (DateTimeParseException e) {
            throw error(createdNode, where + ".created_at: expected the version's creation time as an ISO-8601 UTC"
                    + " instant (2026-11-30T10:15:02.123Z, as 'carbon gate check' prints it), got '"
                    + scalarValue(createdNode) + "'");
        }
        TargetPattern target = target(fields, item, where);
        String approver = text(required(fields, "approver", item, where), where + ".approver");
        String reason = text(required(fields, "reason", item, where), where + ".reason");
        Node expiresNode = required(fields, "expires", item, where);
        LocalDate expires;
        try {
            expires = LocalDate.parse(text(expiresNode, where + ".expires"));
        } catch (DateTimeParseException e) {
            throw error(expiresNode, where + ".expires: expected a date YYYY-MM-DD, got '"
                    + scalarValue(expiresNode) + "'");
        }
        return new Waiver(model, version, runId.equals("none") ? Optional.empty() : Optional.of(runId), createdAt,
                target, approver, reason, expires, sourceOf(item));
    }

    private TargetPattern target(Map<String, NodeTuple> fields, Node item, String where) {
        boolean stage = fields.containsKey("stage");
        boolean alias = fields.containsKey("alias");
        if (stage == alias) {
            throw error(item, where + ": give exactly one of 'stage' (Staging, Production, …) or 'alias' (champion, …)");
        }
        String key = stage ? "stage" : "alias";
        NamePattern name = pattern(fields.get(key).getValueNode(), where + "." + key);
        return new TargetPattern(stage ? GateTarget.Kind.STAGE : GateTarget.Kind.ALIAS, name);
    }

    private Outcome outcome(Map<String, NodeTuple> fields, String key, Outcome fallback) {
        if (!fields.containsKey(key)) {
            return fallback;
        }
        Node node = fields.get(key).getValueNode();
        String value = text(node, "defaults." + key).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "allow" -> Outcome.ALLOW;
            case "deny" -> Outcome.DENY;
            default -> throw error(node, "defaults." + key + ": expected 'allow' or 'deny', got '" + value + "'");
        };
    }

    private Map<String, NodeTuple> mapping(Node node, String where, Set<String> allowedKeys) {
        if (!(node instanceof MappingNode mappingNode)) {
            throw error(node, where + ": expected a mapping of keys to values, got " + describe(node));
        }
        Map<String, NodeTuple> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mappingNode.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                throw error(keyNode, where + ": keys must be plain words");
            }
            String key = scalarKey.getValue();
            if (!allowedKeys.contains(key) && OBSOLETE_KEYS.containsKey(key)) {
                throw error(keyNode, where + "." + key + ": " + OBSOLETE_KEYS.get(key));
            }
            if (!allowedKeys.contains(key)) {
                throw error(keyNode, where + ": unknown key '" + key + "'; expected one of "
                        + allowedKeys.stream().sorted().toList());
            }
            if (fields.put(key, tuple) != null) {
                throw error(keyNode, where + ": key '" + key + "' appears twice");
            }
        }
        return fields;
    }

    private List<Node> sequence(Node node, String where) {
        if (!(node instanceof SequenceNode sequenceNode)) {
            throw error(node, where + ": expected a list (lines starting with '- '), got " + describe(node));
        }
        return sequenceNode.getValue();
    }

    private Node required(Map<String, NodeTuple> fields, String key, Node item, String where) {
        NodeTuple tuple = fields.get(key);
        if (tuple == null) {
            throw error(item, where + ": missing '" + key + "'");
        }
        return tuple.getValueNode();
    }

    private String text(Node node, String where) {
        String value = scalarValue(node);
        if (value == null || value.isBlank()) {
            throw error(node, where + ": expected a non-empty value, got " + describe(node));
        }
        return value.strip();
    }

    private NamePattern pattern(Node node, String where) {
        return new NamePattern(text(node, where));
    }

    private double kilograms(Node node, String where) {
        String value = text(node, where);
        double kg;
        try {
            kg = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            kg = Double.NaN;
        }
        if (!(kg >= 0) || Double.isInfinite(kg)) {
            throw error(node, where + ": expected a number of kg CO2e >= 0, got '" + value + "'");
        }
        return kg;
    }

    private int integer(Node node, String where) {
        String value = text(node, where);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw error(node, where + ": expected a whole number, got '" + value + "'");
        }
    }

    private static String scalarValue(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }

    private static String describe(Node node) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue().isEmpty() ? "nothing" : "'" + scalar.getValue() + "'";
        }
        return node instanceof SequenceNode ? "a list" : "a mapping";
    }

    private PolicySource sourceOf(Node node) {
        return new PolicySource(file, node.getStartMark().getLine() + 1);
    }

    private PolicyException error(Node node, String problem) {
        Mark mark = node.getStartMark();
        return new PolicyException(file, mark.getLine() + 1, mark.getColumn() + 1, problem);
    }
}
