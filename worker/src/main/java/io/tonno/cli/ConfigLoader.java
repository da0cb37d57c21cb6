package io.tonno.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.activities.store.StoreSettings;
import io.tonno.activities.support.TonnoJson;
import io.tonno.imaging.InvalidInputException;
import io.tonno.workflows.TaskQueues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one place where {@code tonno}'s connection and worker settings are resolved, by precedence:
 * command-line flags, then environment variables, then the config file ({@code config/worker.json}
 * by default), then the embedded defaults (the one-machine stack of {@code tonno dev}).
 *
 * <p>Settings are dotted keys; the environment variables and the config file map onto them:
 * <pre>
 * key                 environment           config file
 * temporal.address    TEMPORAL_ADDRESS      {"temporal": {"address": ...}}
 * temporal.namespace  TEMPORAL_NAMESPACE    {"temporal": {"namespace": ...}}
 * store.endpoint      TONNO_S3_ENDPOINT     {"store": {"endpoint": ...}}
 * store.accessKey     TONNO_S3_ACCESS_KEY   {"store": {"accessKey": ...}}
 * store.secretKey     TONNO_S3_SECRET_KEY   {"store": {"secretKey": ...}}
 * store.bucket        TONNO_S3_BUCKET       {"store": {"bucket": ...}}
 * store.region        TONNO_S3_REGION       {"store": {"region": ...}}
 * queues.workflow|cpu|gpu                   {"queues": {"workflow": ..., "cpu": ..., "gpu": ...}}
 * device              TONNO_DEVICE          {"device": ...}
 * gpuSlots            TONNO_GPU_SLOTS       {"gpuSlots": ...}
 * cpuSlots            TONNO_CPU_SLOTS       {"cpuSlots": ...}
 * searchAttributes    TONNO_SEARCH_ATTRIBUTES {"searchAttributes": ...}
 * </pre>
 * The secret key has no flag, so it never shows in process listings.
 */
public final class ConfigLoader {
    /** Environment variable naming the config file. */
    public static final String CONFIG_ENV = "TONNO_CONFIG";
    /** The config file read when neither a flag nor TONNO_CONFIG names one (skipped when absent). */
    public static final Path DEFAULT_FILE = Path.of("config", "worker.json");

    /** Embedded defaults: the stack {@code tonno dev} starts on this machine. */
    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("temporal.address", "127.0.0.1:7233"),
            Map.entry("temporal.namespace", "default"),
            Map.entry("store.endpoint", "http://127.0.0.1:9000"),
            Map.entry("store.bucket", "tonno"),
            Map.entry("store.accessKey", "tonno"),
            // Only for the embedded s3proxy, which listens on 127.0.0.1; real stores set their own.
            Map.entry("store.secretKey", "tonno-local-only"),
            Map.entry("store.region", "us-east-1"),
            Map.entry("queues.workflow", TaskQueues.WORKFLOW),
            Map.entry("queues.cpu", TaskQueues.CPU),
            Map.entry("queues.gpu", TaskQueues.GPU),
            Map.entry("device", "cpu"),
            Map.entry("gpuSlots", "1"),
            Map.entry("cpuSlots", String.valueOf(Runtime.getRuntime().availableProcessors())),
            Map.entry("searchAttributes", "false"));

    static final Map<String, String> ENVIRONMENT = Map.ofEntries(
            Map.entry("TEMPORAL_ADDRESS", "temporal.address"),
            Map.entry("TEMPORAL_NAMESPACE", "temporal.namespace"),
            Map.entry("TONNO_S3_ENDPOINT", "store.endpoint"),
            Map.entry("TONNO_S3_ACCESS_KEY", "store.accessKey"),
            Map.entry("TONNO_S3_SECRET_KEY", "store.secretKey"),
            Map.entry("TONNO_S3_BUCKET", "store.bucket"),
            Map.entry("TONNO_S3_REGION", "store.region"),
            Map.entry("TONNO_DEVICE", "device"),
            Map.entry("TONNO_GPU_SLOTS", "gpuSlots"),
            Map.entry("TONNO_CPU_SLOTS", "cpuSlots"),
            Map.entry("TONNO_SEARCH_ATTRIBUTES", "searchAttributes"));

    private ConfigLoader() {
    }

    /** Resolves the settings of this process from its flags and environment. */
    public static TonnoSettings load(Map<String, String> flags, Path configFlag) throws InvalidInputException {
        return load(flags, configFlag, System.getenv());
    }

    /**
     * @param flags      values given on the command line, by key (null values are ignored)
     * @param configFlag the {@code --config} file, or null
     * @param env        the environment
     */
    public static TonnoSettings load(Map<String, String> flags, Path configFlag, Map<String, String> env)
            throws InvalidInputException {
        Map<String, String> values = new HashMap<>(DEFAULTS);
        Path file = configFlag != null ? configFlag
                : env.get(CONFIG_ENV) != null ? Path.of(env.get(CONFIG_ENV))
                : Files.exists(DEFAULT_FILE) ? DEFAULT_FILE : null;
        if (file != null) {
            values.putAll(readFile(file));
        }
        ENVIRONMENT.forEach((variable, key) -> {
            String v = env.get(variable);
            if (v != null && !v.isBlank()) {
                values.put(key, v);
            }
        });
        flags.forEach((key, v) -> {
            if (v != null) {
                values.put(key, v);
            }
        });
        String source = file == null ? "settings" : file.toString();
        return new TonnoSettings(
                values.get("temporal.address"),
                values.get("temporal.namespace"),
                new StoreSettings(values.get("store.endpoint"), values.get("store.bucket"),
                        values.get("store.accessKey"), values.get("store.secretKey"), values.get("store.region")),
                new TaskQueues(values.get("queues.workflow"), values.get("queues.cpu"), values.get("queues.gpu")),
                device(source, values.get("device")),
                positive(source, "gpuSlots", values.get("gpuSlots")),
                positive(source, "cpuSlots", values.get("cpuSlots")),
                Boolean.parseBoolean(values.get("searchAttributes")));
    }

    /** The config file flattened to dotted keys; unknown fields are errors naming the file and field. */
    static Map<String, String> readFile(Path file) throws InvalidInputException {
        ObjectMapper json = TonnoJson.newMapper();
        JsonNode root;
        try {
            root = json.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "$", "cannot read JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(file.toString(), "$", "must be a JSON object");
        }
        Map<String, String> flat = new LinkedHashMap<>();
        flatten(file, "", root, flat);
        Set<String> known = DEFAULTS.keySet();
        for (String key : flat.keySet()) {
            if (!known.contains(key)) {
                throw new InvalidInputException(file.toString(), key, "unknown field; known fields are "
                        + known.stream().sorted().toList());
            }
        }
        return flat;
    }

    private static void flatten(Path file, String prefix, JsonNode node, Map<String, String> out)
            throws InvalidInputException {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = prefix + f.getKey();
            if (f.getValue().isObject()) {
                flatten(file, key + ".", f.getValue(), out);
            } else if (f.getValue().isValueNode() && !f.getValue().isNull()) {
                out.put(key, f.getValue().asText());
            } else {
                throw new InvalidInputException(file.toString(), key, "must be a string, number or boolean");
            }
        }
    }

    private static String device(String source, String value) throws InvalidInputException {
        if (!value.matches("cpu|gpu:[0-9]{1,2}")) {
            throw new InvalidInputException(source, "device", "must be cpu or gpu:N, got " + value);
        }
        return value;
    }

    private static int positive(String source, String key, String value) throws InvalidInputException {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(source, key, "must be a positive integer, got " + value);
    }
}
