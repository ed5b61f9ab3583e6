package io.carbonmlops.mlflow.gate.proxy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.carbonmlops.ledger.LedgerException;
import io.carbonmlops.mlflow.client.MlflowApiException;
import io.carbonmlops.mlflow.client.MlflowException;
import io.carbonmlops.mlflow.gate.GateDecision;
import io.carbonmlops.mlflow.gate.GateTags;
import io.carbonmlops.mlflow.gate.GateTarget;
import io.carbonmlops.mlflow.gate.RegistryGate;
import io.carbonmlops.mlflow.gate.Verdict;
import io.carbonmlops.mlflow.gate.api.RegistryApi;
import io.carbonmlops.mlflow.gate.lineage.TrustedEntries;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Rules on the requests the proxy inspects, given their fields as MLflow would read them. Independent of the HTTP
 * server so each rule is tested directly.
 *
 * <p>Promotions are judged by {@link RegistryGate#decideAndRecord}: every decision, allowed or refused, is appended
 * to the ledger before the answer. Metrics pass unjudged: the gate never reads them (its figures come from signed
 * ledger entries), so a lowered or forged {@code carbon/co2e_kg} changes only MLflow's display copy.
 */
public final class RequestInspector {
    private final RegistryGate gate;

    public RequestInspector(RegistryGate gate) {
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    /**
     * @param api MLflow as seen with the caller's credentials
     */
    public Ruling inspect(GatedEndpoint endpoint, JsonObject fields, RegistryApi api) {
        try {
            return switch (endpoint) {
                case TRANSITION_STAGE -> promotion(fields, "stage", api);
                case ALIAS -> promotion(fields, "alias", api);
                case SET_VERSION_TAG, DELETE_VERSION_TAG -> setVersionTag(fields);
                case CREATE_VERSION -> createVersion(fields);
                case RENAME_MODEL -> renameModel(fields);
                case NONE -> new Ruling.Forward(Optional.empty());
            };
        } catch (MlflowException e) {
            return unavailable(e);
        } catch (LedgerException | TrustedEntries.TooManyEntriesException | UncheckedIOException
                | IllegalStateException e) {
            return new Ruling.Refuse(503, "TEMPORARILY_UNAVAILABLE", "Carbon gate could not read the carbon ledger or"
                    + " record its decision there, so the request is refused: " + e.getMessage(), Optional.empty());
        }
    }

    private Ruling promotion(JsonObject fields, String targetField, RegistryApi api) {
        Optional<String> model = text(fields, "name");
        Optional<String> version = text(fields, "version");
        Optional<String> targetName = text(fields, targetField);
        if (model.isEmpty() || version.isEmpty() || targetName.isEmpty()) {
            return Ruling.Refuse.badRequest("Carbon gate: the request needs 'name', 'version' and '" + targetField
                    + "' as strings");
        }
        GateTarget target = targetField.equals("stage") ? GateTarget.stage(targetName.get())
                : GateTarget.alias(targetName.get());
        GateDecision decision = gate.withApi(api).decideAndRecord(model.get(), version.get(), target);
        if (decision.allowed()) {
            return new Ruling.Forward(Optional.of(decision));
        }
        if (decision.verdict() == Verdict.VERSION_NOT_FOUND) {
            return new Ruling.Refuse(404, "RESOURCE_DOES_NOT_EXIST", decision.summary(), Optional.of(decision));
        }
        return new Ruling.Refuse(403, "PERMISSION_DENIED", decision.summary(), Optional.of(decision));
    }

    private static Ruling setVersionTag(JsonObject fields) {
        Optional<String> key = text(fields, "key");
        if (key.isPresent() && key.get().strip().toLowerCase(Locale.ROOT).startsWith(GateTags.PREFIX)) {
            return new Ruling.Refuse(403, "PERMISSION_DENIED", "Carbon gate refused: " + GateTags.PREFIX
                    + "* tags copy the gate's decisions and are written and removed only by the gate (the decisions"
                    + " themselves are in the carbon ledger)", Optional.empty());
        }
        return new Ruling.Forward(Optional.empty());
    }

    private static Ruling createVersion(JsonObject fields) {
        JsonElement tags = fields.get("tags");
        if (tags == null || !tags.isJsonArray()) {
            return new Ruling.Forward(Optional.empty());
        }
        for (JsonElement tag : tags.getAsJsonArray()) {
            if (tag.isJsonObject() && setVersionTag(tag.getAsJsonObject()) instanceof Ruling.Refuse refusal) {
                return refusal;
            }
        }
        return new Ruling.Forward(Optional.empty());
    }

    private Ruling renameModel(JsonObject fields) {
        Optional<String> name = text(fields, "name");
        Optional<String> newName = text(fields, "new_name");
        if (name.isEmpty() || newName.isEmpty()) {
            return Ruling.Refuse.badRequest("Carbon gate: a rename needs 'name' and 'new_name' as strings");
        }
        return gate.renameRefusal(name.get(), newName.get())
                .<Ruling>map(why -> new Ruling.Refuse(403, "PERMISSION_DENIED", why, Optional.empty()))
                .orElseGet(() -> new Ruling.Forward(Optional.empty()));
    }

    /**
     * MLflow's own 401 or 403 to the caller's credentials is passed on as such (the caller learns nothing the
     * server would not tell it); anything else means the gate could not judge, so it refuses.
     */
    private static Ruling unavailable(MlflowException e) {
        if (e instanceof MlflowApiException api && api.isAuthFailure()) {
            int status = api.httpStatus();
            return new Ruling.Refuse(status, status == 401 ? "UNAUTHENTICATED" : "PERMISSION_DENIED",
                    "Carbon gate could not read what it must check with your credentials: " + api.serverMessage(),
                    Optional.empty());
        }
        return new Ruling.Refuse(503, "TEMPORARILY_UNAVAILABLE",
                "Carbon gate could not check this request, so it is refused: " + e.getMessage(), Optional.empty());
    }

    private static Optional<String> text(JsonObject fields, String name) {
        JsonElement value = fields.get(name);
        if (value == null || !value.isJsonPrimitive()) {
            return Optional.empty();
        }
        String text = value.getAsString();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }
}
