/*
 * fake_nvml.c - a fake libnvidia-ml.so.1 for carbon-mlops tests.
 *
 * Exports the NVML functions the meter binds, under their real versioned names and with the real
 * C ABI of the NVML 13.3 header (nvmlReturn_t = int, nvmlDevice_t = opaque pointer, unsigned int*,
 * unsigned long long* out-parameters, NUL-terminated char buffers), so that tests drive the real JNA
 * binding. Built by shared-meter's Maven build (src/test/c/build.sh) into
 *     shared-meter/target/fake-nvml/libnvidia-ml.so.1      (SONAME libnvidia-ml.so.1)
 *
 * SCENARIO - read at nvmlInit_v2 when the init count goes from 0 to 1 (unless set by fakeNvmlConfigure):
 *
 *   FAKE_NVML_SCENARIO   devices separated by ';', each a ','-separated list of options
 *                        (an empty device string means all defaults). Unset: one default device;
 *                        "none": no device at all.
 *       watts=W          constant power in watts (default 100)
 *       spike=P/ON/PER   power is P watts during the first ON ms of every PER ms period, else `watts`
 *       energy=no        the energy counter is NOT_SUPPORTED (pre-Volta): the meter must sample power
 *       power=no         power readings are NOT_SUPPORTED too
 *       noperm           nvmlDeviceGetHandleByIndex_v2 answers NVML_ERROR_NO_PERMISSION for this index
 *       lost_after=N     after N energy/power reads of this device every call answers GPU_IS_LOST
 *       reload_at_ms=T   the driver "reloads" at T ms: the energy counter restarts from 0
 *       base_mj=E        counter value at time 0 in millijoules (default 1000000000)
 *       counter_step_ms=S  the counter only moves every S ms, like real ones (~100 ms); default 0 = continuous
 *       mig              MIG mode is enabled (nvmlDeviceGetMigMode current = pending = 1)
 *       power_avg_ms=W   a power reading is the mean of the power over the last W ms (Ampere-and-newer
 *                        nvmlDeviceGetPowerUsage: W = 1000), not the power at that instant
 *       power_seen=ON/PER  the power sensor sees only the first ON ms of every PER ms (A100/H100: 25/100,
 *                        Yang et al.); a reading averages what was seen in its window (the last W ms, or the
 *                        last PER ms without power_avg_ms). The energy counter still integrates everything.
 *       uuid=S, name=S   identity (defaults GPU-fa4e0000-0000-0000-0000-00000000000<i>, "Fake NVIDIA H200")
 *   FAKE_NVML_INIT_ERROR  an nvmlReturn_t code that nvmlInit_v2 returns (e.g. 9 = DRIVER_NOT_LOADED)
 *   FAKE_NVML_CLOCK=boot  t counts from the machine's boot (CLOCK_MONOTONIC's zero), not from this process's
 *                        init: like a real driver's counter, every process reads the same, still growing
 *                        counter, so one that starts later can count on from another's reading
 *
 *   Example: FAKE_NVML_SCENARIO='watts=300;energy=no,watts=150;noperm;lost_after=5'
 *
 * TIME - power and energy are exact functions of t, the milliseconds since the init count last went
 * from 0 to 1 (CLOCK_MONOTONIC): counter(t) = base_mj + the integral of power over [0, t] (W x ms = mJ),
 * so with watts=W a window of d seconds draws exactly W x d joules. Tests in the same process can
 * instead set t by hand (fakeNvmlSetClockMillis) and advance it in step with their fake MeterClock.
 *
 * TEST CONTROL - extra symbols (not NVML) for in-process tests, through JNA:
 *   int  fakeNvmlConfigure(const char *scenario, int init_error)
 *                                   same syntax as FAKE_NVML_SCENARIO and FAKE_NVML_INIT_ERROR, replacing
 *                                   the environment; NULL = back to the environment; resets all
 *                                   per-device state; returns 0, or -1 for a scenario it cannot parse
 *   void fakeNvmlSetClockMillis(double ms)  set t by hand from now on; a negative ms = CLOCK_MONOTONIC again
 *   int  fakeNvmlInitCount(void)                   the current nvmlInit_v2/nvmlShutdown balance
 *
 * nvmlInitWithFlags is exported too (flags ignored), so nvidia-ml-py runs against the fake: bench/gpu-check.sh
 * can be dry-run with LD_LIBRARY_PATH=shared-meter/target/fake-nvml and a stand-in torch module.
 *
 * Real-NVML behaviour modelled: device calls before init answer UNINITIALIZED; too-short buffers answer
 * INSUFFICIENT_SIZE; NULL out-pointers INVALID_ARGUMENT; the count includes NO_PERMISSION devices;
 * init is reference-counted, and an nvmlShutdown without a matching init answers UNINITIALIZED and
 * changes nothing. Thread-safe (one mutex), like NVML.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int nvmlReturn_t;
typedef struct fake_device *nvmlDevice_t;

enum {
    NVML_SUCCESS = 0,
    NVML_ERROR_UNINITIALIZED = 1,
    NVML_ERROR_INVALID_ARGUMENT = 2,
    NVML_ERROR_NOT_SUPPORTED = 3,
    NVML_ERROR_NO_PERMISSION = 4,
    NVML_ERROR_INSUFFICIENT_SIZE = 7,
    NVML_ERROR_DRIVER_NOT_LOADED = 9,
    NVML_ERROR_GPU_IS_LOST = 15,
    NVML_ERROR_UNKNOWN = 999
};

#define MAX_DEVICES 16
#define MAX_TEXT 96

struct fake_device {
    char uuid[MAX_TEXT];
    char name[MAX_TEXT];
    double watts;
    double spike_watts; /* < 0: no spikes */
    double spike_on_ms;
    double spike_period_ms;
    int energy_supported;
    int power_supported;
    int no_permission;
    long lost_after; /* < 0: never */
    long reads;
    double reload_at_ms; /* < 0: never */
    double base_mj;
    double counter_step_ms;
    int mig;
    double power_avg_ms;   /* 0: instantaneous readings */
    double seen_on_ms;     /* with seen_period_ms > 0: the sensor's observed share */
    double seen_period_ms;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct fake_device devices[MAX_DEVICES];
static unsigned int device_count;
static int init_count;
static int init_error;
static int configured_by_call;
static int configured_init_error;
static int manual_clock;
static double manual_ms;
static struct timespec epoch;

static void set_defaults(struct fake_device *d, unsigned int index) {
    memset(d, 0, sizeof *d);
    snprintf(d->uuid, sizeof d->uuid, "GPU-fa4e0000-0000-0000-0000-%012u", index);
    snprintf(d->name, sizeof d->name, "Fake NVIDIA H200");
    d->watts = 100.0;
    d->spike_watts = -1;
    d->energy_supported = 1;
    d->power_supported = 1;
    d->lost_after = -1;
    d->reload_at_ms = -1;
    d->base_mj = 1e9;
}

/* Parses one "key=value" or "flag" option into d; returns 0 when understood. */
static int parse_option(struct fake_device *d, char *option) {
    char *value = strchr(option, '=');
    if (value != NULL) {
        *value++ = '\0';
    }
    if (strcmp(option, "") == 0) return 0;
    if (strcmp(option, "noperm") == 0) { d->no_permission = 1; return 0; }
    if (strcmp(option, "mig") == 0) { d->mig = 1; return 0; }
    if (value == NULL) return -1;
    if (strcmp(option, "watts") == 0) { d->watts = atof(value); return 0; }
    if (strcmp(option, "energy") == 0) { d->energy_supported = strcmp(value, "no") != 0; return 0; }
    if (strcmp(option, "power") == 0) { d->power_supported = strcmp(value, "no") != 0; return 0; }
    if (strcmp(option, "lost_after") == 0) { d->lost_after = atol(value); return 0; }
    if (strcmp(option, "reload_at_ms") == 0) { d->reload_at_ms = atof(value); return 0; }
    if (strcmp(option, "base_mj") == 0) { d->base_mj = atof(value); return 0; }
    if (strcmp(option, "counter_step_ms") == 0) { d->counter_step_ms = atof(value); return 0; }
    if (strcmp(option, "uuid") == 0) { snprintf(d->uuid, sizeof d->uuid, "%s", value); return 0; }
    if (strcmp(option, "name") == 0) { snprintf(d->name, sizeof d->name, "%s", value); return 0; }
    if (strcmp(option, "power_avg_ms") == 0) { d->power_avg_ms = atof(value); return d->power_avg_ms >= 0 ? 0 : -1; }
    if (strcmp(option, "power_seen") == 0) {
        return sscanf(value, "%lf/%lf", &d->seen_on_ms, &d->seen_period_ms) == 2 && d->seen_period_ms > 0
                && d->seen_on_ms > 0 && d->seen_on_ms <= d->seen_period_ms ? 0 : -1;
    }
    if (strcmp(option, "spike") == 0) {
        return sscanf(value, "%lf/%lf/%lf", &d->spike_watts, &d->spike_on_ms, &d->spike_period_ms) == 3
                && d->spike_period_ms > 0 ? 0 : -1;
    }
    return -1;
}

static int load_scenario(const char *scenario) {
    char buffer[4096];
    device_count = 0;
    if (scenario == NULL) {
        scenario = "";
    }
    if (strcmp(scenario, "none") == 0) {
        return 0;
    }
    snprintf(buffer, sizeof buffer, "%s", scenario);
    char *device_save = NULL;
    char *spec = buffer;
    /* strtok_r would skip empty devices; walk the separators by hand so ";;" means three devices. */
    do {
        char *end = strchr(spec, ';');
        if (end != NULL) *end = '\0';
        if (device_count == MAX_DEVICES) return -1;
        struct fake_device *d = &devices[device_count];
        set_defaults(d, device_count);
        for (char *option = strtok_r(spec, ",", &device_save); option != NULL;
             option = strtok_r(NULL, ",", &device_save)) {
            if (parse_option(d, option) != 0) {
                fprintf(stderr, "fake_nvml: cannot parse option '%s' of device %u\n", option, device_count);
                return -1;
            }
        }
        device_count++;
        spec = end != NULL ? end + 1 : NULL;
    } while (spec != NULL);
    return 0;
}

/* t = 0 now, or at boot with FAKE_NVML_CLOCK=boot (a counter shared by every process). */
static void set_epoch(void) {
    const char *clock = getenv("FAKE_NVML_CLOCK");
    if (clock != NULL && strcmp(clock, "boot") == 0) {
        epoch.tv_sec = 0;
        epoch.tv_nsec = 0;
    } else {
        clock_gettime(CLOCK_MONOTONIC, &epoch);
    }
}

static double now_ms(void) {
    if (manual_clock) return manual_ms;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (ts.tv_sec - epoch.tv_sec) * 1e3 + (ts.tv_nsec - epoch.tv_nsec) / 1e6;
}

static double power_at(const struct fake_device *d, double t_ms) {
    if (d->spike_watts >= 0 && t_ms >= 0) {
        double phase = t_ms - d->spike_period_ms * (long long) (t_ms / d->spike_period_ms);
        if (phase < d->spike_on_ms) return d->spike_watts;
    }
    return d->watts;
}

/*
 * What the power sensor reports at t_ms: the power then, or with power_avg_ms / power_seen the mean, over 1000
 * steps of the averaging window, of the power at the instants the sensor saw.
 */
static double reported_power(const struct fake_device *d, double t_ms) {
    double window = d->power_avg_ms > 0 ? d->power_avg_ms : d->seen_period_ms;
    if (window <= 0) return power_at(d, t_ms);
    double sum = 0;
    long seen = 0;
    double step = window / 1000;
    for (double s = t_ms - window + step / 2; s < t_ms; s += step) {
        if (d->seen_period_ms > 0) {
            double phase = s - d->seen_period_ms * (long long) (s / d->seen_period_ms);
            if (phase < 0) phase += d->seen_period_ms;
            if (phase >= d->seen_on_ms) continue;
        }
        sum += power_at(d, s);
        seen++;
    }
    return seen > 0 ? sum / seen : power_at(d, t_ms);
}

/* Energy in mJ drawn over [0, t_ms]: exact integral of power_at (W * ms = mJ). */
static double energy_mj(const struct fake_device *d, double t_ms) {
    if (t_ms <= 0) return 0;
    double energy = d->watts * t_ms;
    if (d->spike_watts >= 0) {
        long long periods = (long long) (t_ms / d->spike_period_ms);
        double remainder = t_ms - periods * d->spike_period_ms;
        double on_ms = periods * d->spike_on_ms + (remainder < d->spike_on_ms ? remainder : d->spike_on_ms);
        energy += (d->spike_watts - d->watts) * on_ms;
    }
    return energy;
}

static double counter_mj(const struct fake_device *d, double t_ms) {
    if (d->counter_step_ms > 0) {
        t_ms = d->counter_step_ms * (long long) (t_ms / d->counter_step_ms);
    }
    if (d->reload_at_ms >= 0 && t_ms >= d->reload_at_ms) {
        return energy_mj(d, t_ms) - energy_mj(d, d->reload_at_ms);
    }
    return d->base_mj + energy_mj(d, t_ms);
}

static nvmlReturn_t check_device(nvmlDevice_t device) {
    if (init_count == 0) return NVML_ERROR_UNINITIALIZED;
    if (device < devices || device >= devices + device_count) return NVML_ERROR_INVALID_ARGUMENT;
    return NVML_SUCCESS;
}

/* Counts a metric read and answers GPU_IS_LOST once the device has used up its reads. */
static nvmlReturn_t count_read(struct fake_device *d) {
    if (d->lost_after >= 0 && d->reads >= d->lost_after) return NVML_ERROR_GPU_IS_LOST;
    d->reads++;
    return NVML_SUCCESS;
}

static nvmlReturn_t copy_text(const char *text, char *buffer, unsigned int length) {
    if (buffer == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (strlen(text) + 1 > length) return NVML_ERROR_INSUFFICIENT_SIZE;
    memcpy(buffer, text, strlen(text) + 1);
    return NVML_SUCCESS;
}

/* ---- NVML API ---------------------------------------------------------------------------------- */

nvmlReturn_t nvmlInit_v2(void) {
    pthread_mutex_lock(&lock);
    nvmlReturn_t result = NVML_SUCCESS;
    if (init_count == 0) {
        const char *error = getenv("FAKE_NVML_INIT_ERROR");
        init_error = configured_by_call ? configured_init_error : error != NULL ? atoi(error) : 0;
        if (!configured_by_call && load_scenario(getenv("FAKE_NVML_SCENARIO")) != 0) {
            init_error = NVML_ERROR_UNKNOWN;
        }
        if (!manual_clock) set_epoch();
    }
    if (init_error != 0) {
        result = init_error;
    } else {
        init_count++;
    }
    pthread_mutex_unlock(&lock);
    return result;
}

/* What nvidia-ml-py's nvmlInit() calls; the flags change nothing here. */
nvmlReturn_t nvmlInitWithFlags(unsigned int flags) {
    (void) flags;
    return nvmlInit_v2();
}

nvmlReturn_t nvmlShutdown(void) {
    pthread_mutex_lock(&lock);
    nvmlReturn_t result = init_count > 0 ? NVML_SUCCESS : NVML_ERROR_UNINITIALIZED;
    if (init_count > 0) init_count--;
    pthread_mutex_unlock(&lock);
    return result;
}

const char *nvmlErrorString(nvmlReturn_t result) {
    switch (result) {
        case NVML_SUCCESS: return "Success";
        case NVML_ERROR_UNINITIALIZED: return "Uninitialized";
        case NVML_ERROR_INVALID_ARGUMENT: return "Invalid Argument";
        case NVML_ERROR_NOT_SUPPORTED: return "Not Supported";
        case NVML_ERROR_NO_PERMISSION: return "Insufficient Permissions";
        case NVML_ERROR_INSUFFICIENT_SIZE: return "Insufficient Size";
        case NVML_ERROR_DRIVER_NOT_LOADED: return "Driver Not Loaded";
        case NVML_ERROR_GPU_IS_LOST: return "GPU is lost";
        default: return "Unknown Error";
    }
}

nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length) {
    pthread_mutex_lock(&lock);
    nvmlReturn_t result = init_count == 0 ? NVML_ERROR_UNINITIALIZED : copy_text("999.99.fake", version, length);
    pthread_mutex_unlock(&lock);
    return result;
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count) {
    pthread_mutex_lock(&lock);
    nvmlReturn_t result = init_count == 0 ? NVML_ERROR_UNINITIALIZED
            : count == NULL ? NVML_ERROR_INVALID_ARGUMENT : NVML_SUCCESS;
    if (result == NVML_SUCCESS) *count = device_count;
    pthread_mutex_unlock(&lock);
    return result;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
    pthread_mutex_lock(&lock);
    nvmlReturn_t result = init_count == 0 ? NVML_ERROR_UNINITIALIZED
            : device == NULL || index >= device_count ? NVML_ERROR_INVALID_ARGUMENT
            : devices[index].no_permission ? NVML_ERROR_NO_PERMISSION : NVML_SUCCESS;
    if (result == NVML_SUCCESS) *device = &devices[index];
    pthread_mutex_unlock(&lock);
    return result;
}

nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length) {
    pthread_mutex_lock(&lock);
    nvmlReturn_t result = check_device(device);
    if (result == NVML_SUCCESS) result = copy_text(device->uuid, uuid, length);
    pthread_mutex_unlock(&lock);
    return result;
}

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length) {
    pthread_mutex_lock(&lock);
    nvmlReturn_t result = check_device(device);
    if (result == NVML_SUCCESS) result = copy_text(device->name, name, length);
    pthread_mutex_unlock(&lock);
    return result;
}

nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t device, unsigned long long *energy) {
    pthread_mutex_lock(&lock);
    nvmlReturn_t result = check_device(device);
    if (result == NVML_SUCCESS && energy == NULL) result = NVML_ERROR_INVALID_ARGUMENT;
    if (result == NVML_SUCCESS && !device->energy_supported) result = NVML_ERROR_NOT_SUPPORTED;
    if (result == NVML_SUCCESS) result = count_read(device);
    if (result == NVML_SUCCESS) *energy = (unsigned long long) counter_mj(device, now_ms());
    pthread_mutex_unlock(&lock);
    return result;
}

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power) {
    pthread_mutex_lock(&lock);
    nvmlReturn_t result = check_device(device);
    if (result == NVML_SUCCESS && power == NULL) result = NVML_ERROR_INVALID_ARGUMENT;
    if (result == NVML_SUCCESS && !device->power_supported) result = NVML_ERROR_NOT_SUPPORTED;
    if (result == NVML_SUCCESS) result = count_read(device);
    if (result == NVML_SUCCESS) *power = (unsigned int) (reported_power(device, now_ms()) * 1000.0 + 0.5);
    pthread_mutex_unlock(&lock);
    return result;
}

nvmlReturn_t nvmlDeviceGetMigMode(nvmlDevice_t device, unsigned int *current_mode, unsigned int *pending_mode) {
    pthread_mutex_lock(&lock);
    nvmlReturn_t result = check_device(device);
    if (result == NVML_SUCCESS && (current_mode == NULL || pending_mode == NULL)) result = NVML_ERROR_INVALID_ARGUMENT;
    if (result == NVML_SUCCESS) *current_mode = *pending_mode = (unsigned int) device->mig;
    pthread_mutex_unlock(&lock);
    return result;
}

/* ---- test control (not NVML) ------------------------------------------------------------------- */

int fakeNvmlConfigure(const char *scenario, int init_error_code) {
    pthread_mutex_lock(&lock);
    configured_by_call = scenario != NULL;
    configured_init_error = init_error_code;
    int result = load_scenario(scenario != NULL ? scenario : getenv("FAKE_NVML_SCENARIO"));
    pthread_mutex_unlock(&lock);
    return result;
}

void fakeNvmlSetClockMillis(double ms) {
    pthread_mutex_lock(&lock);
    manual_clock = ms >= 0;
    manual_ms = ms;
    if (!manual_clock) set_epoch();
    pthread_mutex_unlock(&lock);
}

int fakeNvmlInitCount(void) {
    pthread_mutex_lock(&lock);
    int count = init_count;
    pthread_mutex_unlock(&lock);
    return count;
}
