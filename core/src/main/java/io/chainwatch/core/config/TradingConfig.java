package io.chainwatch.core.config;

import io.chainwatch.core.Address;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code trading:} section: arbitrage on one EVM chain, on paper (the default) or live. Needs the
 * {@code risk:} section; the strategy must have a budget there.
 *
 * @param chain        the EVM chain traded on (one of {@code evm.chains})
 * @param account      the risk account: the name its state and audit trail are kept under
 * @param startEquity  the portfolio's value when the account starts, in the valuation currency (required)
 * @param slippage     the share of the predicted output a fill may fall short by
 * @param startTokens  tokens routes start and end in (what the account holds)
 * @param nativeToken  the wrapped native token: gas is valued through its pools
 * @param usdToken     the dollar token profits and the risk limits are valued in
 * @param priorityFeeWei the tip paid per unit of gas
 * @param sizing       how trades are sized from the measured edge before the limits cap them
 * @param live         how to trade for real; present exactly when {@code mode} is live
 */
public record TradingConfig(String chain, Mode mode, String account, BigDecimal startEquity, String strategy, double slippage,
                            Set<Address> startTokens, Address nativeToken, Address usdToken, int usdDecimals, long gasBase,
                            long gasPerSwap, BigInteger priorityFeeWei, int maxRoutes, Sizing sizing, Optional<Live> live) {
    public TradingConfig {
        startTokens = Set.copyOf(startTokens);
    }

    public enum Mode { PAPER, LIVE }

    /**
     * Fractional Kelly: a trade risks {@code kellyFraction} of the Kelly share of the equity that the
     * last trades' wins and losses give, or {@code floorShare} of it while fewer than {@code minTrades}
     * are known or no edge shows.
     */
    public record Sizing(double kellyFraction, int minTrades, double floorShare) {
    }

    /**
     * Live trading. The signing key is never in the YAML: {@code keyEnv} names the environment variable
     * that holds it, or {@code keystore} an encrypted keystore file whose password is in {@code passwordEnv}.
     *
     * @param routers        each DEX's Router02, by the DEX's name in {@code evm.chains[].dexes}
     * @param relays         private relays every transaction goes to as well
     * @param deadlineMs     how long after sending a swap may still be mined
     * @param receiptTimeoutMs how long a transaction is followed before it counts as lost
     */
    public record Live(Optional<String> keyEnv, Optional<Path> keystore, String passwordEnv, Map<String, Address> routers,
                       List<EndpointConfig> relays, long deadlineMs, long receiptTimeoutMs) {
        public Live {
            routers = Map.copyOf(routers);
            relays = List.copyOf(relays);
        }
    }
}
