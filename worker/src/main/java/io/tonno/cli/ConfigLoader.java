package io.tonno.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.activities.plugin.TonnoConfig;
import io.tonno.activities.plugin.WorkerPaths;
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
 * command-line flags, then system properties (the three {@code tonno.*} below), then environment variables, then
 * the config file ({@code config/worker.json} by default), then the embedded defaults (the one-machine stack of
 * {@code tonno dev}). Modules below the worker read none of these themselves: the values are passed down.
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
 * temporal.tls.enabled TEMPORAL_TLS         {"temporal": {"tls": {"enabled": true}}}
 * temporal.tls.ca     TEMPORAL_TLS_CA       {"temporal": {"tls": {"ca": "ca.pem"}}}
 * temporal.tls.cert   TEMPORAL_TLS_CERT     {"temporal": {"tls": {"cert": "client.pem"}}}
 * temporal.tls.key    TEMPORAL_TLS_KEY      {"temporal": {"tls": {"key": "client.key"}}}
 * temporal.tls.serverName TEMPORAL_TLS_SERVER_NAME {"temporal": {"tls": {"serverName": "temporal.internal"}}}
 * store.ca            TONNO_S3_CA           {"store": {"ca": "ca.pem"}}
 * workDir             TONNO_WORK_DIR        {"workDir": ".tonno/work"}       or -Dtonno.workDir
 * presets             TONNO_PRESETS         {"presets": "my-presets"}        or -Dtonno.presets
 * dcm2niix            TONNO_DCM2NIIX        {"dcm2niix": "/usr/bin/dcm2niix"} or -Dtonno.dcm2niix
 * </pre>
 * The secret key has no flag, so it never shows in process listings. TLS files are checked here (readable,
 * cert and key together, a CA bundle only with an https endpoint), so a bad setting fails before connecting.
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
            Map.entry("searchAttributes", "false"),
            Map.entry("temporal.tls.enabled", "false"),
            Map.entry("temporal.tls.ca", ""),
            Map.entry("temporal.tls.cert", ""),
            Map.entry("temporal.tls.key", ""),
            Map.entry("temporal.tls.serverName", ""),
            Map.entry("store.ca", ""),
            Map.entry("workDir", WorkerPaths.DEFAULT_WORK_DIR.toString()),
            Map.entry("presets", ""),
            Map.entry("dcm2niix", ""));

    /** System properties that set a key, above the environment (as each module read them before). */
    static final Map<String, String> PROPERTIES = Map.of(
            "tonno.workDir", "workDir",
            "tonno.presets", "presets",
            "tonno.dcm2niix", "dcm2niix");

    public static final Map<String, String> ENVIRONMENT = Map.ofEntries(
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
            Map.entry("TONNO_SEARCH_ATTRIBUTES", "searchAttributes"),
            Map.entry("TEMPORAL_TLS", "temporal.tls.enabled"),
            Map.entry("TEMPORAL_TLS_CA", "temporal.tls.ca"),
            Map.entry("TEMPORAL_TLS_CERT", "temporal.tls.cert"),
            Map.entry("TEMPORAL_TLS_KEY", "temporal.tls.key"),
            Map.entry("TEMPORAL_TLS_SERVER_NAME", "temporal.tls.serverName"),
            Map.entry("TONNO_S3_CA", "store.ca"),
            Map.entry("TONNO_WORK_DIR", "workDir"),
            Map.entry("TONNO_PRESETS", "presets"),
            Map.entry("TONNO_DCM2NIIX", "dcm2niix"));

    private ConfigLoader() {}

    /** Resolves the settings of this process from its flags, system properties and environment. */
    public static ProcessSettings load(Map<String, String> flags, Path configFlag) throws InvalidInputException {
        return load(flags, configFlag, System.getenv(), properties());
    }

    /**
     * Settings without system properties (an embedded stack passes its own environment).
     *
     * @param flags      values given on the command line, by key (null values are ignored)
     * @param configFlag the {@code --config} file, or null
     * @param env        the environment
     */
    public static ProcessSettings load(Map<String, String> flags, Path configFlag, Map<String, String> env)
            throws InvalidInputException {
        return load(flags, configFlag, env, Map.of());
    }

    /**
     * @param flags      values given on the command line, by key (null values are ignored)
     * @param configFlag the {@code --config} file, or null
     * @param env        the environment
     * @param properties system properties ({@link #PROPERTIES} are read)
     */
    public static ProcessSettings load(
            Map<String, String> flags, Path configFlag, Map<String, String> env, Map<String, String> properties)
            throws InvalidInputException {
        Resolved r = resolve(flags, configFlag, env, properties);
        Map<String, String> values = r.values();
        String source = r.source();
        String storeCa = readable(source, "store.ca", values.get("store.ca"));
        if (storeCa != null && !values.get("store.endpoint").startsWith("https://")) {
            throw new InvalidInputException(
                    source, "store.ca", "a CA bundle needs an https:// endpoint, got " + values.get("store.endpoint"));
        }
        return new ProcessSettings(
                values.get("temporal.address"),
                values.get("temporal.namespace"),
                temporalTls(source, values),
                new TonnoConfig(
                        new StoreSettings(
                                values.get("store.endpoint"),
                                values.get("store.bucket"),
                                values.get("store.accessKey"),
                                values.get("store.secretKey"),
                                values.get("store.region"),
                                storeCa),
                        device(source, values.get("device")),
                        positive(source, "gpuSlots", values.get("gpuSlots")),
                        positive(source, "cpuSlots", values.get("cpuSlots")),
                        new TaskQueues(
                                values.get("queues.workflow"), values.get("queues.cpu"), values.get("queues.gpu")),
                        Boolean.parseBoolean(values.get("searchAttributes")),
                        null,
                        paths(values)));
    }

    /**
     * Only the local files of this process ({@link WorkerPaths}: work folder, presets folder, dcm2niix), for the
     * verbs that need no connection ({@code tonno preprocess}, {@code tonno bench io}).
     */
    public static WorkerPaths paths() throws InvalidInputException {
        return paths(resolve(Map.of(), null, System.getenv(), properties()).values());
    }

    /** The presets folder of {@link #paths()}, for the local verbs. */
    public static Path presetsDir() throws InvalidInputException {
        return paths().presets();
    }

    /** The dcm2niix executable of {@link #paths()}, for the local verbs. */
    public static Path dcm2niix() throws InvalidInputException {
        return paths().dcm2niix();
    }

    private record Resolved(Map<String, String> values, String source) {}

    private static Resolved resolve(
            Map<String, String> flags, Path configFlag, Map<String, String> env, Map<String, String> properties)
            throws InvalidInputException {
        Map<String, String> values = new HashMap<>(DEFAULTS);
        Path file = configFlag != null
                ? configFlag
                : env.get(CONFIG_ENV) != null
                        ? Path.of(env.get(CONFIG_ENV))
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
        PROPERTIES.forEach((property, key) -> {
            String v = properties.get(property);
            if (v != null && !v.isBlank()) {
                values.put(key, v);
            }
        });
        flags.forEach((key, v) -> {
            if (v != null) {
                values.put(key, v);
            }
        });
        return new Resolved(values, file == null ? "settings" : file.toString());
    }

    private static Map<String, String> properties() {
        Map<String, String> p = new HashMap<>();
        for (String name : PROPERTIES.keySet()) {
            String v = System.getProperty(name);
            if (v != null) {
                p.put(name, v);
            }
        }
        return p;
    }

    private static WorkerPaths paths(Map<String, String> values) {
        String work = values.get("workDir").trim();
        String presets = values.get("presets").trim();
        String dcm2niix = values.get("dcm2niix").trim();
        return new WorkerPaths(
                work.isEmpty() ? WorkerPaths.DEFAULT_WORK_DIR : Path.of(work),
                presets.isEmpty() ? null : Path.of(presets),
                dcm2niix.isEmpty() ? null : Path.of(dcm2niix));
    }

    private static TemporalTls temporalTls(String source, Map<String, String> values) throws InvalidInputException {
        String enabled = values.get("temporal.tls.enabled").trim();
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new InvalidInputException(source, "temporal.tls.enabled", "must be true or false, got " + enabled);
        }
        String cert = readable(source, "temporal.tls.cert", values.get("temporal.tls.cert"));
        String key = readable(source, "temporal.tls.key", values.get("temporal.tls.key"));
        if ((cert == null) != (key == null)) {
            throw new InvalidInputException(
                    source,
                    cert == null ? "temporal.tls.cert" : "temporal.tls.key",
                    "a client certificate needs both temporal.tls.cert and temporal.tls.key");
        }
        String serverName = values.get("temporal.tls.serverName").trim();
        if (!serverName.isEmpty()
                && (serverName.length() > 253 || !serverName.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?"))) {
            throw new InvalidInputException(
                    source,
                    "temporal.tls.serverName",
                    "must be a host name (letters, digits, dots and hyphens, at most 253 characters)");
        }
        return new TemporalTls(
                Boolean.parseBoolean(enabled),
                readable(source, "temporal.tls.ca", values.get("temporal.tls.ca")),
                cert,
                key,
                serverName);
    }

    /** {@code value} when blank (unset: null) or a readable file; never echoes file contents. */
    private static String readable(String source, String key, String value) throws InvalidInputException {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!Files.isRegularFile(Path.of(value)) || !Files.isReadable(Path.of(value))) {
            throw new InvalidInputException(source, key, "is not a readable file: " + value);
        }
        return value;
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
                throw new InvalidInputException(
                        file.toString(),
                        key,
                        "unknown field; known fields are "
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
