package io.chainwatch.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chainwatch.core.Address;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads YAML, applies environment overrides, and checks every value once. Anything unusable throws
 * {@link ConfigException} naming the key, the value and what is allowed; nothing is silently defaulted
 * when it was given wrong.
 *
 * <p>Environment overrides: {@code CHAINWATCH_} + the key path in upper case with {@code _} between
 * segments ({@code CHAINWATCH_API_PORT}, {@code CHAINWATCH_EVM_CHAINS_0_CONFIRMATIONS}), and the names
 * users already know: {@code DATABASE_URL}, {@code RPC_URL_PRIMARY}, {@code RPC_URL_SECONDARY},
 * {@code API_PORT}, and for Solana {@code GRPC_ENDPOINTS} (comma-separated URLs that replace the
 * configured gRPC endpoints), {@code GRPC_FAILOVER_ENABLED}, {@code GRPC_HEALTH_CHECK_INTERVAL},
 * {@code COMMITMENT_STRATEGY}, {@code PERFORMANCE_MODE}, {@code SLOT_RECOVERY_ENABLED},
 * {@code SLOT_RECOVERY_BATCH_SIZE}, {@code SLOT_RECOVERY_MAX_RETRIES}; for risk {@code MAX_DAILY_LOSS},
 * {@code MAX_POSITION_SIZE}, {@code MAX_DRAWDOWN}, {@code EMERGENCY_STOP_LOSS}. The API's bearer token is
 * best given as {@code CHAINWATCH_API_TOKEN} (the general rule), not written into a file.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String PREFIX = "CHAINWATCH_";

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public ChainwatchConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public ChainwatchConfig parse(String yaml, String source) {
        JsonNode root;
        try {
            root = yaml.isBlank() ? JsonNodeFactory.instance.objectNode() : YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = JsonNodeFactory.instance.objectNode();
        }
        if (!root.isObject()) {
            throw new ConfigException(source, "the top level must be a mapping");
        }
        applyOverrides((ObjectNode) root);
        return bind(new ConfigNode("", root), env);
    }

    // ---- environment overrides -------------------------------------------------------------

    private void applyOverrides(ObjectNode root) {
        Map<String, String> sorted = new TreeMap<>(env);
        for (var e : sorted.entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            switch (name) {
                case "DATABASE_URL" -> set(root, List.of("storage", "url"), value, name);
                case "API_PORT" -> set(root, List.of("api", "port"), value, name);
                case "RPC_URL_PRIMARY" -> set(root, List.of("evm", "chains", "0", "endpoints", "0", "url"), value, name);
                case "RPC_URL_SECONDARY" -> set(root, List.of("evm", "chains", "0", "endpoints", "1", "url"), value, name);
                case "GRPC_ENDPOINTS" -> replaceGrpcEndpoints(root, value);
                case "GRPC_FAILOVER_ENABLED" -> set(root, List.of("solana", "grpc", "failover"), value, name);
                case "GRPC_HEALTH_CHECK_INTERVAL" -> set(root, List.of("solana", "grpc", "healthCheckIntervalMs"), value, name);
                case "COMMITMENT_STRATEGY" -> set(root, List.of("solana", "commitment", "strategy"), value, name);
                case "PERFORMANCE_MODE" -> set(root, List.of("solana", "commitment", "profile"), value, name);
                case "SLOT_RECOVERY_ENABLED" -> set(root, List.of("solana", "recovery", "enabled"), value, name);
                case "SLOT_RECOVERY_BATCH_SIZE" -> set(root, List.of("solana", "recovery", "batchSlots"), value, name);
                case "SLOT_RECOVERY_MAX_RETRIES" -> set(root, List.of("solana", "recovery", "maxRetries"), value, name);
                case "MAX_DAILY_LOSS" -> set(root, List.of("risk", "maxDailyLoss"), value, name);
                case "MAX_POSITION_SIZE" -> set(root, List.of("risk", "maxPositionSize"), value, name);
                case "MAX_DRAWDOWN" -> set(root, List.of("risk", "maxDrawdown"), value, name);
                case "EMERGENCY_STOP_LOSS" -> set(root, List.of("risk", "emergencyStopLoss"), value, name);
                case "CHAINWATCH_LOG_FORMAT", "CHAINWATCH_LOG_LEVEL" -> {
                    // Read by logback (logback.xml) before any configuration is: not keys of the file.
                }
                default -> {
                    if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                        set(root, keyPath(name.substring(PREFIX.length())), value, name);
                    }
                }
            }
        }
    }

    private static final Set<String> KNOWN_KEYS = Set.of("evm", "chains", "name", "chainId", "confirmations",
            "maxReorgDepth", "pollIntervalMs", "backfillBatchBlocks", "maxResponseBytes", "endpoints", "url", "region", "priority",
            "requestsPerSecond", "timeoutMs", "dexes", "kind", "factory", "feeBps", "startBlock", "api", "host", "port",
            "storage", "user", "password", "dataDir", "solana", "token", "commitment", "profile", "strategy", "recovery",
            "enabled", "batchSlots", "maxRetries", "grpc", "failover", "healthCheckIntervalMs", "programs", "accounts", "subscribe",
            "reconcileIntervalMs", "risk", "maxDailyLoss", "maxTradeAmount", "maxPositionSize", "maxDrawdown", "emergencyStopLoss",
            "maxConsecutiveLosses", "cooldown", "autoResume", "budgets", "projection", "paths", "horizon", "threshold", "tightenFactor",
            "intervalMs", "trading", "chain", "mode", "account", "startEquity", "slippage", "startTokens", "nativeToken", "usdToken",
            "usdDecimals", "gasBase", "gasPerSwap", "priorityFeeWei", "maxRoutes", "live", "keyEnv", "keystore", "passwordEnv", "routers",
            "relays", "deadlineMs", "receiptTimeoutMs", "sizing", "kellyFraction", "minTrades", "floorShare",
            "tracing", "otlpEndpoint", "serviceName", "sampleRatio");

    /** GRPC_ENDPOINTS: the gRPC endpoints are these URLs, in this order of priority; RPC and WebSocket ones stay. */
    private static void replaceGrpcEndpoints(ObjectNode root, String value) {
        JsonNode solana = child(root, "solana", false, "GRPC_ENDPOINTS");
        ArrayNode endpoints = (ArrayNode) child(solana, "endpoints", true, "GRPC_ENDPOINTS");
        for (int i = endpoints.size() - 1; i >= 0; i--) {
            if ("grpc".equalsIgnoreCase(endpoints.get(i).path("kind").asText())) {
                endpoints.remove(i);
            }
        }
        int priority = 1;
        for (String url : value.split(",")) {
            if (!url.isBlank()) {
                ObjectNode e = endpoints.addObject();
                e.put("url", url.trim());
                e.put("kind", "grpc");
                e.put("region", "env");
                e.put("priority", String.valueOf(priority++));
            }
        }
    }

    private static List<String> keyPath(String envSuffix) {
        List<String> out = new ArrayList<>();
        for (String part : envSuffix.split("_")) {
            String key = part;
            for (String known : KNOWN_KEYS) {
                if (known.equalsIgnoreCase(part)) {
                    key = known;
                    break;
                }
            }
            out.add(key.equals(part) && !part.chars().allMatch(Character::isDigit) ? part.toLowerCase(Locale.ROOT) : key);
        }
        return out;
    }

    private static void set(ObjectNode root, List<String> path, String value, String envName) {
        JsonNode node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            String seg = path.get(i);
            boolean nextIsIndex = path.get(i + 1).chars().allMatch(Character::isDigit);
            node = child(node, seg, nextIsIndex, envName);
        }
        String last = path.getLast();
        if (node instanceof ObjectNode obj) {
            obj.put(last, value);
        } else if (node instanceof ArrayNode arr && last.chars().allMatch(Character::isDigit)) {
            int idx = Integer.parseInt(last);
            while (arr.size() <= idx) {
                arr.addNull();
            }
            arr.set(idx, JsonNodeFactory.instance.textNode(value));
        } else {
            throw new ConfigException(envName, "does not name a configuration key");
        }
    }

    private static JsonNode child(JsonNode parent, String seg, boolean wantArray, String envName) {
        JsonNode existing;
        if (parent instanceof ArrayNode arr) {
            if (!seg.chars().allMatch(Character::isDigit)) {
                throw new ConfigException(envName, "expected a list index, got '" + seg + "'");
            }
            int idx = Integer.parseInt(seg);
            while (arr.size() <= idx) {
                arr.addObject();
            }
            existing = arr.get(idx);
            if (existing.isNull()) {
                existing = arr.objectNode();
                arr.set(idx, existing);
            }
            return existing;
        }
        ObjectNode obj = (ObjectNode) parent;
        existing = obj.get(seg);
        if (existing == null || existing.isNull()) {
            return wantArray ? obj.putArray(seg) : obj.putObject(seg);
        }
        if (existing.isValueNode()) {
            throw new ConfigException(envName, "'" + seg + "' is a value, not a section");
        }
        return existing;
    }

    // ---- binding and checks ----------------------------------------------------------------

    private static ChainwatchConfig bind(ConfigNode root, Map<String, String> env) {
        EvmConfig evm = evm(root.object("evm"));
        SolanaConfig solana = solana(root.object("solana"));
        ApiConfig api = api(root.object("api"));
        StorageConfig storage = storage(root.object("storage"));
        java.util.Optional<RiskConfig> risk = risk(root.object("risk"));
        java.util.Optional<TradingConfig> trading = TradingConfigReader.read(root.object("trading"), evm, risk, ConfigLoader::endpoint);
        AlertsConfig alerts = AlertsConfigReader.read(root.object("alerts"), env);
        TracingConfig tracing = TracingConfigReader.read(root.object("tracing"));
        PerformanceConfig performance = PerformanceConfigReader.read(root.object("performance"));
        root.rejectUnknownKeys();
        return new ChainwatchConfig(evm, solana, api, storage, risk, trading, alerts, tracing, performance);
    }

    private static EvmConfig evm(ConfigNode n) {
        List<EvmChainConfig> chains = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode c : n.list("chains")) {
            EvmChainConfig chain = chain(c);
            if (!names.add(chain.name())) {
                throw new ConfigException(c.keyPath("name"), "'" + chain.name() + "' is used by two chains; names must be unique");
            }
            chains.add(chain);
        }
        n.rejectUnknownKeys();
        return new EvmConfig(chains);
    }

    private static EvmChainConfig chain(ConfigNode c) {
        String name = c.requiredString("name");
        if (!name.matches("[a-z0-9][a-z0-9_-]{0,31}")) {
            throw new ConfigException(c.keyPath("name"), "got '" + name + "', allowed lower-case letters, digits, '-' and '_' (at most 32)");
        }
        long chainId = c.requiredLong("chainId", 1, Long.MAX_VALUE);
        int confirmations = c.intValue("confirmations", 0, 0, 10_000);
        int maxReorgDepth = c.intValue("maxReorgDepth", 64, 1, 100_000);
        long pollMs = c.longValue("pollIntervalMs", 1000, 10, 600_000);
        int batch = c.intValue("backfillBatchBlocks", 100, 1, 100_000);
        int maxResponseBytes = c.intValue("maxResponseBytes", EvmChainConfig.DEFAULT_MAX_RESPONSE_BYTES, 1024, 1 << 30);
        List<EndpointConfig> endpoints = new ArrayList<>();
        for (ConfigNode e : c.list("endpoints")) {
            endpoints.add(endpoint(e));
        }
        if (endpoints.isEmpty()) {
            throw new ConfigException(c.keyPath("endpoints"), "need at least one, got none");
        }
        List<DexConfig> dexes = new ArrayList<>();
        Set<String> dexNames = new HashSet<>();
        for (ConfigNode d : c.list("dexes")) {
            DexConfig dex = dex(d);
            if (!dexNames.add(dex.name())) {
                throw new ConfigException(d.keyPath("name"), "'" + dex.name() + "' is used twice; names must be unique per chain");
            }
            dexes.add(dex);
        }
        c.rejectUnknownKeys();
        return new EvmChainConfig(name, chainId, confirmations, maxReorgDepth, pollMs, batch, maxResponseBytes, endpoints, dexes);
    }

    private static SolanaConfig solana(ConfigNode n) {
        ConfigNode commitment = n.object("commitment");
        PerformanceProfile profile = commitment.parsed("profile", "balanced", PerformanceProfile::parse,
                "aggressive, balanced or conservative");
        CommitmentStrategy strategy = commitment.parsed("strategy", "adaptive", CommitmentStrategy::parse, "fixed or adaptive");
        commitment.rejectUnknownKeys();
        List<SolanaEndpointConfig> endpoints = new ArrayList<>();
        for (ConfigNode e : n.list("endpoints")) {
            endpoints.add(solanaEndpoint(e, profile));
        }
        boolean hasRpc = endpoints.stream().anyMatch(e -> e.kind() == SolanaEndpointKind.RPC);
        boolean hasWs = endpoints.stream().anyMatch(e -> e.kind() == SolanaEndpointKind.WS);
        if (!endpoints.isEmpty() && (!hasRpc || !hasWs)) {
            throw new ConfigException(n.keyPath("endpoints"), "need at least one endpoint of kind rpc (blocks are read over JSON-RPC, "
                    + "to backfill and check the stream) and one of kind ws (the live stream), got " + (hasRpc ? "no ws" : "no rpc"));
        }
        ConfigNode recovery = n.object("recovery");
        SlotRecoveryConfig slotRecovery = new SlotRecoveryConfig(recovery.bool("enabled", true),
                recovery.intValue("batchSlots", profile.recoveryBatchSlots(), 1, 1_000),
                recovery.intValue("maxRetries", 5, 0, 100));
        recovery.rejectUnknownKeys();
        ConfigNode grpc = n.object("grpc");
        boolean failover = grpc.bool("failover", true);
        long healthMs = grpc.parsed("healthCheckIntervalMs", "1000", ConfigLoader::durationMs, "a duration such as 1000, 1000ms or 5s");
        if (healthMs < 100 || healthMs > 600_000) {
            throw new ConfigException(grpc.keyPath("healthCheckIntervalMs"), "got " + healthMs + " ms, allowed 100 ms to 600000 ms");
        }
        grpc.rejectUnknownKeys();
        List<String> programs = n.has("programs") ? n.stringList("programs")
                : List.of(SolanaConfig.PUMP_PROGRAM, SolanaConfig.PUMP_AMM_PROGRAM);
        for (int i = 0; i < programs.size(); i++) {
            if (!programs.get(i).matches("[1-9A-HJ-NP-Za-km-z]{32,44}")) {
                throw new ConfigException(n.keyPath("programs") + "[" + i + "]", "got '" + programs.get(i)
                        + "', allowed a base58 program id (32 to 44 characters)");
            }
        }
        int maxResponseBytes = n.intValue("maxResponseBytes", EvmChainConfig.DEFAULT_MAX_RESPONSE_BYTES, 1024, 1 << 30);
        ConfigNode accounts = n.object("accounts");
        boolean subscribe = accounts.bool("subscribe", false);
        long reconcileMs = accounts.parsed("reconcileIntervalMs", "0", ConfigLoader::durationMs, "a duration such as 60000, 60000ms or 60s");
        if (reconcileMs != 0 && (reconcileMs < 1_000 || reconcileMs > 86_400_000)) {
            throw new ConfigException(accounts.keyPath("reconcileIntervalMs"), "got " + reconcileMs
                    + " ms, allowed 0 (never) or 1000 ms to 86400000 ms");
        }
        accounts.rejectUnknownKeys();
        n.rejectUnknownKeys();
        return new SolanaConfig(endpoints, profile, strategy, slotRecovery, failover, healthMs, programs, maxResponseBytes,
                new SolanaAccountsConfig(subscribe, reconcileMs));
    }

    private static SolanaEndpointConfig solanaEndpoint(ConfigNode e, PerformanceProfile profile) {
        SolanaEndpointKind kind = e.parsed("kind", null, SolanaEndpointKind::parse, "rpc, ws or grpc");
        if (kind == null) {
            throw new ConfigException(e.keyPath("kind"), "is required, allowed rpc, ws or grpc");
        }
        String token = e.string("token", null); // read before the endpoint part checks for unknown keys
        EndpointConfig endpoint = endpoint(e, profile.requestsPerSecond());
        boolean ws = endpoint.isWebSocket();
        if ((kind == SolanaEndpointKind.WS) != ws) {
            throw new ConfigException(e.keyPath("url"), "got '" + endpoint.redactedUrl() + "' for kind " + kind.name().toLowerCase(Locale.ROOT)
                    + ", allowed " + (kind == SolanaEndpointKind.WS ? "a ws or wss URL" : "an http or https URL"));
        }
        return new SolanaEndpointConfig(kind, endpoint, token);
    }

    /**
     * The {@code risk:} section, absent or whole: each limit is required once the section is there (an
     * environment name such as MAX_DAILY_LOSS makes it there), none has a default.
     */
    private static java.util.Optional<RiskConfig> risk(ConfigNode n) {
        if (!n.present()) {
            return java.util.Optional.empty();
        }
        java.math.BigDecimal dailyLoss = amount(n, "maxDailyLoss");
        java.math.BigDecimal tradeAmount = amount(n, "maxTradeAmount");
        double positionShare = share(n, "maxPositionSize");
        double drawdown = share(n, "maxDrawdown");
        java.math.BigDecimal stopLoss = amount(n, "emergencyStopLoss");
        if (!n.has("maxConsecutiveLosses")) {
            throw new ConfigException(n.keyPath("maxConsecutiveLosses"), "missing: every risk limit must be set, none has a default");
        }
        int losses = n.intValue("maxConsecutiveLosses", 0, 1, 1_000_000);
        if (!n.has("cooldown")) {
            throw new ConfigException(n.keyPath("cooldown"), "missing: every risk limit must be set, none has a default");
        }
        long cooldown = n.parsed("cooldown", null, ConfigLoader::durationMs, "a duration such as 900000, 900000ms or 900s");
        if (cooldown < 0) {
            throw new ConfigException(n.keyPath("cooldown"), "got " + cooldown + " ms, allowed 0 or more");
        }
        boolean autoResume = n.bool("autoResume", false);
        java.util.Map<String, java.math.BigDecimal> budgets = new java.util.LinkedHashMap<>();
        for (var e : n.textMap("budgets").entrySet()) {
            budgets.put(e.getKey(), positiveAmount(n.keyPath("budgets") + "." + e.getKey(), e.getValue()));
        }
        if (budgets.isEmpty()) {
            throw new ConfigException(n.keyPath("budgets"), "missing: give each strategy that may trade its budget, e.g. { arb: 10000 }");
        }
        java.util.Optional<ProjectionConfig> projection = projection(n.object("projection"));
        n.rejectUnknownKeys();
        return java.util.Optional.of(new RiskConfig(dailyLoss, tradeAmount, positionShare, drawdown, stopLoss, losses, cooldown, autoResume,
                budgets, projection));
    }

    /** One run resamples paths x horizon trades: more than this takes seconds of a core every interval. */
    private static final long MAX_PROJECTION_DRAWS = 100_000_000L;

    /** The {@code risk.projection:} section, absent (nothing is projected) or whole: every key is required once it is there. */
    private static java.util.Optional<ProjectionConfig> projection(ConfigNode n) {
        if (!n.present()) {
            return java.util.Optional.empty();
        }
        for (String key : List.of("paths", "horizon", "threshold", "tightenFactor", "intervalMs")) {
            if (!n.has(key)) {
                throw new ConfigException(n.keyPath(key), "missing: every projection setting must be set once the section is there, "
                        + "none has a default (leave the section out for no projection)");
            }
        }
        int paths = n.intValue("paths", 0, 100, 1_000_000);
        int horizon = n.intValue("horizon", 0, 1, 100_000);
        if ((long) paths * horizon > MAX_PROJECTION_DRAWS) {
            throw new ConfigException(n.keyPath("paths"), "paths x horizon is " + paths + " x " + horizon + " = " + (long) paths * horizon
                    + ", allowed at most " + MAX_PROJECTION_DRAWS + " (trades drawn in one run)");
        }
        double threshold = n.doubleValue("threshold", 0, 0, 1);
        if (threshold >= 1) {
            throw new ConfigException(n.keyPath("threshold"), "got " + threshold
                    + ", allowed a probability from 0 to below 1 (0.05: tighten when a loss limit is reached in more than 5 % of the futures)");
        }
        double factor = n.doubleValue("tightenFactor", 0, 0, 1);
        if (factor <= 0 || factor >= 1) {
            throw new ConfigException(n.keyPath("tightenFactor"), "got " + factor
                    + ", allowed above 0 and below 1 (0.5 halves the limits' amounts while the projection is bad)");
        }
        long intervalMs = n.parsed("intervalMs", null, ConfigLoader::durationMs, "a duration such as 60000, 60000ms or 60s");
        if (intervalMs < 1_000 || intervalMs > 86_400_000) {
            throw new ConfigException(n.keyPath("intervalMs"), "got " + intervalMs + " ms, allowed 1000 ms to 86400000 ms");
        }
        n.rejectUnknownKeys();
        return java.util.Optional.of(new ProjectionConfig(paths, horizon, threshold, factor, intervalMs));
    }

    private static java.math.BigDecimal amount(ConfigNode n, String key) {
        String text = n.string(key, null);
        if (text == null) {
            throw new ConfigException(n.keyPath(key), "missing: every risk limit must be set, none has a default");
        }
        return positiveAmount(n.keyPath(key), text);
    }

    static java.math.BigDecimal positiveAmount(String path, String text) {
        try {
            java.math.BigDecimal v = new java.math.BigDecimal(text.trim().replace("_", ""));
            if (v.signum() > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new ConfigException(path, "got '" + text + "', allowed an amount above 0");
    }

    private static double share(ConfigNode n, String key) {
        if (!n.has(key)) {
            throw new ConfigException(n.keyPath(key), "missing: every risk limit must be set, none has a default");
        }
        double v = n.doubleValue(key, 0, 0, 1);
        if (v <= 0) {
            throw new ConfigException(n.keyPath(key), "got " + v + ", allowed a share above 0 and at most 1 (0.05 is 5 %)");
        }
        return v;
    }

    /** Milliseconds from {@code 1500}, {@code 1500ms} or {@code 2s}. */
    static long durationMs(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Long.parseLong(t.substring(0, t.length() - 2).trim());
        }
        if (t.endsWith("s")) {
            return Math.multiplyExact(Long.parseLong(t.substring(0, t.length() - 1).trim()), 1000L);
        }
        return Long.parseLong(t);
    }

    private static EndpointConfig endpoint(ConfigNode e) {
        return endpoint(e, 200);
    }

    private static EndpointConfig endpoint(ConfigNode e, double defaultRequestsPerSecond) {
        String text = e.requiredString("url");
        URI url;
        try {
            url = new URI(text.trim());
        } catch (URISyntaxException ex) {
            throw new ConfigException(e.keyPath("url"), "got '" + Redact.url(text) + "', allowed an http, https, ws or wss URL");
        }
        String scheme = url.getScheme();
        if (scheme == null || !Set.of("http", "https", "ws", "wss").contains(scheme) || url.getHost() == null) {
            throw new ConfigException(e.keyPath("url"), "got '" + Redact.url(text) + "', allowed an http, https, ws or wss URL with a host");
        }
        String region = e.string("region", "default");
        int priority = e.intValue("priority", 1, 0, 1000);
        double rps = e.doubleValue("requestsPerSecond", defaultRequestsPerSecond, 0.1, 1_000_000);
        long timeoutMs = e.longValue("timeoutMs", 5000, 10, 600_000);
        e.rejectUnknownKeys();
        return new EndpointConfig(url, region, priority, rps, timeoutMs);
    }

    private static DexConfig dex(ConfigNode d) {
        String name = d.requiredString("name");
        DexKind kind = d.parsed("kind", null, DexKind::parse, "uniswap-v2");
        if (kind == null) {
            throw new ConfigException(d.keyPath("kind"), "is required, allowed uniswap-v2");
        }
        Address factory = d.parsed("factory", null, Address::of, "a 0x-prefixed 20-byte hex address");
        if (factory == null) {
            throw new ConfigException(d.keyPath("factory"), "is required, allowed a 0x-prefixed 20-byte hex address");
        }
        int feeBps = (int) d.requiredLong("feeBps", 0, 9_999);
        long startBlock = d.longValue("startBlock", 0, 0, Long.MAX_VALUE);
        d.rejectUnknownKeys();
        return new DexConfig(name, kind, factory, feeBps, startBlock);
    }

    private static ApiConfig api(ConfigNode a) {
        String host = a.string("host", "127.0.0.1");
        int port = a.intValue("port", 3002, 0, 65_535);
        java.util.Optional<ApiToken> token = apiToken(a);
        a.rejectUnknownKeys();
        return new ApiConfig(host, port, token);
    }

    /** {@code api.token}: never in a message (not through {@link ConfigNode#parsed}, which prints what it got). */
    private static java.util.Optional<ApiToken> apiToken(ConfigNode a) {
        String text = a.string("token", null);
        if (text == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(ApiToken.of(text));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(a.keyPath("token"), e.getMessage() + "; set it with CHAINWATCH_API_TOKEN");
        }
    }

    private static StorageConfig storage(ConfigNode s) {
        String url = s.string("url", "embedded").trim();
        if (!url.equals("embedded") && !url.startsWith("jdbc:postgresql:") && !url.startsWith("postgres://")
                && !url.startsWith("postgresql://")) {
            throw new ConfigException(s.keyPath("url"), "got '" + Redact.url(url) + "', allowed 'embedded' or a PostgreSQL URL (jdbc:postgresql://... or postgresql://...)");
        }
        String user = s.string("user", null);
        String password = s.string("password", null);
        Path dataDir = Path.of(s.string("dataDir", "chainwatch-data"));
        s.rejectUnknownKeys();
        return new StorageConfig(url, user, password, dataDir);
    }
}
