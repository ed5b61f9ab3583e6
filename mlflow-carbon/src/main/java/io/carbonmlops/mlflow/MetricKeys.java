package io.carbonmlops.mlflow;

import java.util.Locale;
import java.util.regex.Pattern;

/** The names carbon-mlops logs under, and MLflow's rules for metric and tag keys. */
public final class MetricKeys {
    public static final String PREFIX = "carbon/";
    public static final String TAG_PREFIX = "carbon.";
    /**
     * Older versions kept one tag per record ({@code carbon.record.<id>}), which grew MLflow's column picker by one
     * column per run; still read so totals of such runs stay whole. Records are now artifacts ({@link RunWrite#RECORDS_DIR}).
     */
    public static final String RECORD_TAG_PREFIX = "carbon.record.";

    public static final String ENERGY_KWH = "energy_kwh";
    public static final String GPU_ENERGY_KWH = "gpu_energy_kwh";
    public static final String CPU_ENERGY_KWH = "cpu_energy_kwh";
    public static final String RAM_ENERGY_KWH = "ram_energy_kwh";
    public static final String FACILITY_ENERGY_KWH = "facility_energy_kwh";
    public static final String CO2E_KG = "co2e_kg";
    /** The same figure in grams, logged beside {@link #CO2E_KG}. */
    public static final String CO2E_G = "co2e_g";
    public static final String INTENSITY_G_PER_KWH = "intensity_g_per_kwh";
    public static final String DURATION_S = "duration_s";
    /** Electricity cost, in the record's {@code carbon.cost_currency}. */
    public static final String COST = "cost";
    /** Carbon cost (location-based tonnes CO2e × carbon price), in the record's {@code carbon.cost_currency}. */
    public static final String CARBON_COST = "carbon_cost";
    public static final String RECORDS = "records";
    /** Carbon-aware shifts: run-now counterfactual minus realised CO2e, summed over the shifted records. */
    public static final String SHIFT_SAVED_KG = "shift_saved_kg";
    /** The run-now counterfactual's CO2e, summed over the shifted records. */
    public static final String SHIFT_RUN_NOW_CO2E_KG = "shift_run_now_co2e_kg";
    /** Seconds waited for the chosen start, summed over the shifted records. */
    public static final String SHIFT_WAIT_S = "shift_wait_s";

    /** Predictions counted by inference records ({@code carbon measure --predictions}), summed. */
    public static final String INFERENCE_PREDICTIONS = "inference_predictions";
    /** Location-based CO2e per 1,000 predictions, in grams, over the run's inference records. */
    public static final String INFERENCE_G_PER_1K = "inference_g_per_1k";
    /** Facility energy (IT × PUE) per 1,000 predictions, in joules, over the run's inference records. */
    public static final String INFERENCE_ENERGY_J_PER_1K = "inference_energy_j_per_1k";
    /** Load: predictions per second of inference-record time. */
    public static final String INFERENCE_PREDICTIONS_PER_S = "inference_predictions_per_s";

    private static final int MAX_KEY_CHARS = 250;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_\\-. /]+");
    private static final Pattern UNSAFE_IN_SEGMENT = Pattern.compile("[^A-Za-z0-9_\\-.]+");

    private MetricKeys() {}

    /** {@code carbon/<name>}. */
    public static String total(String name) {
        return PREFIX + name;
    }

    /** {@code carbon/stage/<stage>/<name>}. */
    public static String stage(String stage, String name) {
        return PREFIX + "stage/" + segment(stage) + "/" + name;
    }

    /** {@code carbon/gpu_<index>_power_w}: one point per power-series step, step = whole seconds since run start. */
    public static String gpuPower(int index) {
        return PREFIX + "gpu_" + index + "_power_w";
    }

    /** A user-supplied name made safe as one key segment: {@code train/eval 1} becomes {@code train_eval_1}. */
    public static String segment(String name) {
        String safe = UNSAFE_IN_SEGMENT.matcher(name.strip()).replaceAll("_").replaceAll("^[._]+|[._]+$", "");
        if (safe.isEmpty() || safe.equals("..")) {
            safe = "unnamed";
        }
        return safe.length() > 100 ? safe.substring(0, 100) : safe;
    }

    public static String tag(String name) {
        return TAG_PREFIX + name.toLowerCase(Locale.ROOT);
    }

    static void requireValidKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_CHARS || !ALLOWED.matcher(key).matches()
                || key.startsWith("/") || key.endsWith("/") || key.contains("//") || key.contains("..")) {
            throw new IllegalArgumentException("'" + key + "' is not a valid MLflow key (<= 250 of A-Z a-z 0-9 _ - . / "
                    + "space, no leading, trailing or double slash)");
        }
    }
}
