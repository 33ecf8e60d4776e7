package io.chainwatch.core.config;

import io.chainwatch.core.Address;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Reads and checks the {@code trading:} section against the chains and the risk section it depends on. */
final class TradingConfigReader {
    static final String DEFAULT_KEY_ENV = "TRADING_PRIVATE_KEY";
    static final String DEFAULT_PASSWORD_ENV = "TRADING_KEYSTORE_PASSWORD";

    private TradingConfigReader() {
    }

    static Optional<TradingConfig> read(ConfigNode n, EvmConfig evm, Optional<RiskConfig> risk,
                                        Function<ConfigNode, EndpointConfig> endpoint) {
        if (!n.present()) {
            return Optional.empty();
        }
        if (risk.isEmpty()) {
            throw new ConfigException(n.path(), "trading needs a risk: section; no trade is made without limits");
        }
        String chainName = n.requiredString("chain");
        EvmChainConfig chain = evm.chains().stream().filter(c -> c.name().equals(chainName)).findFirst()
                .orElseThrow(() -> new ConfigException(n.keyPath("chain"), "'" + chainName + "' is not one of evm.chains "
                        + evm.chains().stream().map(EvmChainConfig::name).toList()));
        TradingConfig.Mode mode = switch (n.string("mode", "paper").trim().toLowerCase(Locale.ROOT)) {
            case "paper" -> TradingConfig.Mode.PAPER;
            case "live" -> TradingConfig.Mode.LIVE;
            default -> throw new ConfigException(n.keyPath("mode"), "got '" + n.string("mode", "") + "', allowed paper or live");
        };
        String account = n.string("account", "main");
        if (!account.matches("[a-zA-Z0-9_-]{1,64}")) {
            throw new ConfigException(n.keyPath("account"), "got '" + account + "', allowed letters, digits, '-' and '_' (at most 64)");
        }
        String equityText = n.string("startEquity", null);
        if (equityText == null) {
            throw new ConfigException(n.keyPath("startEquity"), "missing: the portfolio's value at the start is what drawdown and position size count from");
        }
        BigDecimal startEquity = ConfigLoader.positiveAmount(n.keyPath("startEquity"), equityText);
        String strategy = n.string("strategy", "arb");
        if (!risk.get().strategyBudgets().containsKey(strategy)) {
            throw new ConfigException(n.keyPath("strategy"), "'" + strategy + "' has no budget in risk.budgets " + risk.get().strategyBudgets().keySet());
        }
        double slippage = n.doubleValue("slippage", 0.005, 0, 0.5);
        Set<Address> startTokens = new LinkedHashSet<>();
        for (String t : n.stringList("startTokens")) {
            startTokens.add(address(n.keyPath("startTokens"), t));
        }
        if (startTokens.isEmpty()) {
            throw new ConfigException(n.keyPath("startTokens"), "missing: the tokens routes start and end in (what the account holds)");
        }
        Address nativeToken = n.parsed("nativeToken", null, Address::of, "a 0x-prefixed 20-byte hex address");
        if (nativeToken == null) {
            throw new ConfigException(n.keyPath("nativeToken"), "missing: the wrapped native token (WETH) gas is valued through");
        }
        Address usd = n.parsed("usdToken", null, Address::of, "a 0x-prefixed 20-byte hex address");
        if (usd == null) {
            throw new ConfigException(n.keyPath("usdToken"), "missing: the dollar token profits and every risk limit are valued in");
        }
        int usdDecimals = n.intValue("usdDecimals", 6, 0, 36);
        long gasBase = n.longValue("gasBase", 21_000, 0, 10_000_000);
        long gasPerSwap = n.longValue("gasPerSwap", 100_000, 0, 10_000_000);
        BigInteger priority = BigInteger.valueOf(n.longValue("priorityFeeWei", 1_000_000_000L, 0, Long.MAX_VALUE));
        int maxRoutes = n.intValue("maxRoutes", 64, 1, 100_000);
        ConfigNode sizingNode = n.object("sizing");
        TradingConfig.Sizing sizing = new TradingConfig.Sizing(sizingNode.doubleValue("kellyFraction", 0.25, 0.01, 1),
                sizingNode.intValue("minTrades", 30, 1, 10_000), sizingNode.doubleValue("floorShare", 0.01, 0.000001, 1));
        sizingNode.rejectUnknownKeys();
        ConfigNode liveNode = n.object("live");
        Optional<TradingConfig.Live> live = Optional.empty();
        if (mode == TradingConfig.Mode.LIVE) {
            if (!liveNode.present()) {
                throw new ConfigException(n.keyPath("live"), "missing: mode live needs the routers and where the signing key is");
            }
            live = Optional.of(live(liveNode, chain, endpoint));
        } else if (liveNode.present()) {
            live = Optional.of(live(liveNode, chain, endpoint)); // checked now, so that switching to live finds no surprise
        }
        n.rejectUnknownKeys();
        return Optional.of(new TradingConfig(chainName, mode, account, startEquity, strategy, slippage, startTokens, nativeToken, usd,
                usdDecimals, gasBase, gasPerSwap, priority, maxRoutes, sizing, live));
    }

    private static TradingConfig.Live live(ConfigNode n, EvmChainConfig chain, Function<ConfigNode, EndpointConfig> endpoint) {
        Optional<String> keyEnv = Optional.ofNullable(n.string("keyEnv", null));
        Optional<Path> keystore = Optional.ofNullable(n.string("keystore", null)).map(Path::of);
        if (keyEnv.isPresent() && keystore.isPresent()) {
            throw new ConfigException(n.keyPath("keystore"), "give keyEnv or keystore, not both");
        }
        if (keyEnv.isEmpty() && keystore.isEmpty()) {
            keyEnv = Optional.of(DEFAULT_KEY_ENV);
        }
        for (String name : keyEnv.stream().toList()) {
            if (!name.matches("[A-Z_][A-Z0-9_]*") || name.startsWith("CHAINWATCH_")) {
                // Not echoed: a key pasted here by mistake must not reach a log.
                throw new ConfigException(n.keyPath("keyEnv"), "allowed the NAME of an environment variable (upper case, not starting "
                        + "with CHAINWATCH_), never the key itself; the value given is not shown");
            }
        }
        String passwordEnv = n.string("passwordEnv", DEFAULT_PASSWORD_ENV);
        Map<String, Address> routers = new LinkedHashMap<>();
        for (var e : n.textMap("routers").entrySet()) {
            String dex = e.getKey();
            if (chain.dexes().stream().noneMatch(d -> d.name().equals(dex))) {
                throw new ConfigException(n.keyPath("routers") + "." + dex, "is not a DEX of chain " + chain.name());
            }
            routers.put(dex, address(n.keyPath("routers") + "." + dex, e.getValue()));
        }
        if (routers.isEmpty()) {
            throw new ConfigException(n.keyPath("routers"), "missing: each DEX's Router02 address, e.g. { uniswap: \"0x7a25...\" }");
        }
        List<EndpointConfig> relays = new ArrayList<>();
        for (ConfigNode r : n.list("relays")) {
            relays.add(endpoint.apply(r));
        }
        long deadlineMs = n.longValue("deadlineMs", 60_000, 1_000, 3_600_000);
        long receiptTimeoutMs = n.longValue("receiptTimeoutMs", 120_000, 1_000, 3_600_000);
        n.rejectUnknownKeys();
        return new TradingConfig.Live(keyEnv, keystore, passwordEnv, routers, relays, deadlineMs, receiptTimeoutMs);
    }

    private static Address address(String path, String text) {
        try {
            return Address.of(text.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(path, "got '" + text + "', allowed a 0x-prefixed 20-byte hex address");
        }
    }
}
