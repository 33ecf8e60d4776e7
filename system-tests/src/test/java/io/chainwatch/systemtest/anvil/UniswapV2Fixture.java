package io.chainwatch.systemtest.anvil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.core.Address;
import io.chainwatch.core.Hex;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Real Uniswap V2 on anvil: ERC20 test tokens and several {@code UniswapV2Factory} instances
 * deployed from the npm build artifacts, each with pairs over the same token pairs (so the same
 * market trades on several DEXes), driven the way the router would but without it: tokens go
 * to the pair first, then {@code mint}, {@code swap} or {@code burn}.
 *
 * <p>Each action predicts its effect ({@link PoolChange}) with the pair contract's integer math
 * from the pool state anvil reports for the {@code pending} block, which includes transactions
 * still waiting in the pool, so predictions hold with automine off and several actions in one
 * block too. No protocol fee: {@code feeTo} stays zero.
 *
 * <p>Owned by the test thread; not thread-safe (see {@link DevWallet}).
 */
public final class UniswapV2Fixture {
    /** Uniswap V2's {@code MINIMUM_LIQUIDITY}, locked forever at the first mint. */
    public static final BigInteger MINIMUM_LIQUIDITY = BigInteger.valueOf(1000);
    private static final long DEPLOY_GAS = 6_000_000;
    private static final long CREATE_PAIR_GAS = 4_000_000;
    private static final long CALL_GAS = 300_000;
    private static final long ROUTER_GAS = 500_000;

    /**
     * What to deploy: {@code pairsPerFactory + 1} tokens, each minting {@code tokenSupplyWei} to
     * the deployer, and {@code factories} factories, each with pairs (token i, token i+1).
     */
    public record Layout(int factories, int pairsPerFactory, BigInteger tokenSupplyWei) {
        public Layout {
            if (factories < 1) {
                throw new IllegalArgumentException("factories must be >= 1, got " + factories);
            }
            if (pairsPerFactory < 1) {
                throw new IllegalArgumentException("pairsPerFactory must be >= 1, got " + pairsPerFactory);
            }
            if (tokenSupplyWei.signum() <= 0 || tokenSupplyWei.bitLength() > 112) {
                throw new IllegalArgumentException("tokenSupplyWei must be in (0, 2^112), got " + tokenSupplyWei);
            }
        }

        public int tokens() {
            return pairsPerFactory + 1;
        }
    }

    private final Anvil anvil;
    private final DevWallet wallet;
    private final List<Address> tokens;
    private final List<Address> factories;
    private final List<Pair> pairs;

    private UniswapV2Fixture(Anvil anvil, DevWallet wallet, List<Address> tokens, List<Address> factories, List<Pair> pairs) {
        this.anvil = anvil;
        this.wallet = wallet;
        this.tokens = List.copyOf(tokens);
        this.factories = List.copyOf(factories);
        this.pairs = List.copyOf(pairs);
    }

    /** Deploys the layout from dev account 0; needs automine on (it reads back what it created). */
    public static UniswapV2Fixture deploy(Anvil anvil, Layout layout) {
        if (!anvil.automine()) {
            throw new IllegalStateException("UniswapV2Fixture.deploy needs automine on: it reads each contract address from its receipt");
        }
        DevWallet wallet = DevWallet.devAccount0(anvil);
        String tokenCode = bytecode("ERC20");
        String factoryCode = bytecode("UniswapV2Factory");
        List<Address> tokens = new ArrayList<>();
        for (int i = 0; i < layout.tokens(); i++) {
            tokens.add(create(wallet, tokenCode + constructorArgs(new Uint256(layout.tokenSupplyWei()))));
        }
        List<Address> factories = new ArrayList<>();
        List<Pair> pairs = new ArrayList<>();
        for (int f = 0; f < layout.factories(); f++) {
            Address factory = create(wallet, factoryCode + constructorArgs(abiAddress(wallet.address())));
            factories.add(factory);
            for (int i = 0; i < layout.pairsPerFactory(); i++) {
                pairs.add(createPair(anvil, wallet, factory, tokens.get(i), tokens.get(i + 1)));
            }
        }
        return new UniswapV2Fixture(anvil, wallet, tokens, factories, pairs);
    }

    public DevWallet wallet() {
        return wallet;
    }

    public List<Address> tokens() {
        return tokens;
    }

    public List<Address> factories() {
        return factories;
    }

    public List<Pair> pairs() {
        return pairs;
    }

    public List<Pair> pairs(Address factory) {
        return pairs.stream().filter(p -> p.factory().equals(factory)).toList();
    }

    /**
     * Sells {@code amountIn} of {@code tokenIn} into the pair for the exact V2 output, sent to the
     * wallet: a token transfer to the pair, then {@code pair.swap}.
     */
    public PoolChange swap(Pair pair, Address tokenIn, BigInteger amountIn) {
        requirePositive("amountIn", amountIn);
        boolean zeroForOne = pair.isToken0(tokenIn);
        Reserves r = reserves(pair, "pending");
        BigInteger reserveIn = zeroForOne ? r.reserve0() : r.reserve1();
        BigInteger reserveOut = zeroForOne ? r.reserve1() : r.reserve0();
        BigInteger amountOut = amountOut(amountIn, reserveIn, reserveOut);
        if (amountOut.signum() == 0) {
            throw new IllegalArgumentException("swap of " + amountIn + " into pair " + pair.address() + " with reserves " + r
                    + " would return 0, which the pair rejects");
        }
        BigInteger amount0Out = zeroForOne ? BigInteger.ZERO : amountOut;
        BigInteger amount1Out = zeroForOne ? amountOut : BigInteger.ZERO;
        String transfer = wallet.send(tokenIn, transferCall(pair.address(), amountIn), CALL_GAS);
        String swap = wallet.send(pair.address(), call("swap", new Uint256(amount0Out), new Uint256(amount1Out),
                abiAddress(wallet.address()), new DynamicBytes(new byte[0])), CALL_GAS);
        return new PoolChange(PoolChange.Kind.SWAP, pair,
                zeroForOne ? amountIn : BigInteger.ZERO, zeroForOne ? BigInteger.ZERO : amountIn,
                amount0Out, amount1Out, BigInteger.ZERO, List.of(transfer, swap));
    }

    /**
     * Signs, without sending, the two transactions {@link #swap} would send (the transfer with
     * {@code nonce}, the swap with {@code nonce + 1}), priced for a pool that holds {@code before}
     * when they run: for the new blocks of an {@link Anvil#reorg}, which start from an older state
     * than the pending one.
     */
    public List<String> signSwap(Pair pair, Address tokenIn, BigInteger amountIn, Reserves before, long nonce) {
        requirePositive("amountIn", amountIn);
        boolean zeroForOne = pair.isToken0(tokenIn);
        BigInteger amountOut = amountOut(amountIn, zeroForOne ? before.reserve0() : before.reserve1(),
                zeroForOne ? before.reserve1() : before.reserve0());
        String transfer = wallet.sign(tokenIn, transferCall(pair.address(), amountIn), CALL_GAS, nonce);
        String swap = wallet.sign(pair.address(), call("swap", new Uint256(zeroForOne ? BigInteger.ZERO : amountOut),
                new Uint256(zeroForOne ? amountOut : BigInteger.ZERO), abiAddress(wallet.address()), new DynamicBytes(new byte[0])),
                CALL_GAS, nonce + 1);
        return List.of(transfer, swap);
    }

    /** Adds both amounts to the pool and mints LP tokens to the wallet. */
    public PoolChange addLiquidity(Pair pair, BigInteger amount0, BigInteger amount1) {
        requirePositive("amount0", amount0);
        requirePositive("amount1", amount1);
        Reserves r = reserves(pair, "pending");
        BigInteger supply = totalSupply(pair, "pending");
        BigInteger liquidity = liquidityMinted(amount0, amount1, r, supply);
        if (liquidity.signum() <= 0) {
            throw new IllegalArgumentException("adding " + amount0 + "/" + amount1 + " to pair " + pair.address() + " with reserves " + r
                    + " and supply " + supply + " mints no liquidity, which the pair rejects");
        }
        String t0 = wallet.send(pair.token0(), transferCall(pair.address(), amount0), CALL_GAS);
        String t1 = wallet.send(pair.token1(), transferCall(pair.address(), amount1), CALL_GAS);
        String mint = wallet.send(pair.address(), call("mint", abiAddress(wallet.address())), CALL_GAS);
        return new PoolChange(PoolChange.Kind.MINT, pair, amount0, amount1, BigInteger.ZERO, BigInteger.ZERO, liquidity, List.of(t0, t1, mint));
    }

    /** Burns {@code liquidity} of the wallet's LP tokens for the pro-rata share of both tokens. */
    public PoolChange removeLiquidity(Pair pair, BigInteger liquidity) {
        requirePositive("liquidity", liquidity);
        BigInteger supply = totalSupply(pair, "pending");
        BigInteger held = balanceOf(pair.address(), wallet.address(), "pending");
        if (liquidity.compareTo(held) > 0) {
            throw new IllegalArgumentException("removeLiquidity: wallet holds " + held + " LP of pair " + pair.address() + ", asked to burn " + liquidity);
        }
        // The pair pays out of its balances, not its reserves; they differ only if someone donated.
        BigInteger amount0 = liquidity.multiply(balanceOf(pair.token0(), pair.address(), "pending")).divide(supply);
        BigInteger amount1 = liquidity.multiply(balanceOf(pair.token1(), pair.address(), "pending")).divide(supply);
        String transfer = wallet.send(pair.address(), transferCall(pair.address(), liquidity), CALL_GAS);
        String burn = wallet.send(pair.address(), call("burn", abiAddress(wallet.address())), CALL_GAS);
        return new PoolChange(PoolChange.Kind.BURN, pair, BigInteger.ZERO, BigInteger.ZERO, amount0, amount1, liquidity, List.of(transfer, burn));
    }

    /**
     * Deploys Uniswap's {@code UniswapV2Router02} for {@code factory} (and a {@code WETH9} for it).
     * The router finds pairs by CREATE2 address, so its library holds the pair contract's init code
     * hash; the npm build was compiled against another pair build than the one deployed here, so
     * that one constant is set to this pair bytecode's hash before deploying. Nothing else changes.
     */
    public Address deployRouter(Address factory) {
        Address weth = create(wallet, bytecode(NodeModules.v2PeripheryArtifact("WETH9")));
        String router = bytecode(NodeModules.v2PeripheryArtifact("UniswapV2Router02"));
        String builtFor = ROUTER_BUILD_INIT_CODE_HASH;
        if (!router.contains(builtFor)) {
            throw new IllegalStateException("UniswapV2Router02.json does not hold the init code hash " + builtFor
                    + "; the npm package changed");
        }
        String pairHash = org.web3j.crypto.Hash.sha3(bytecode("UniswapV2Pair")).substring(2);
        return create(wallet, router.replace(builtFor, pairHash) + constructorArgs(abiAddress(factory), abiAddress(weth)));
    }

    /** The pair init code hash compiled into @uniswap/v2-periphery 1.1.0-beta.0's Router02. */
    private static final String ROUTER_BUILD_INIT_CODE_HASH = "96e8ac4277198ff8b6f785478aa9a39f403cb768dd02cbee326c3e7da348845f";

    /** ERC20 {@code approve(spender, amount)} from the wallet. */
    public void approve(Address token, Address spender, BigInteger amount) {
        wallet.requireSuccess(wallet.send(token, call("approve", abiAddress(spender), new Uint256(amount)), CALL_GAS));
    }

    /**
     * {@code router.swapExactTokensForTokens(amountIn, amountOutMin, path, wallet, deadline)}: the
     * router computes each hop's output on chain ({@code getAmountsOut}) and reverts when the last is
     * below {@code amountOutMin}. Returns the transaction hash; the receipt is not awaited.
     */
    public String swapExactTokensForTokens(Address router, BigInteger amountIn, BigInteger amountOutMin, List<Address> path,
                                           long deadline) {
        List<org.web3j.abi.datatypes.Address> abiPath = path.stream().map(UniswapV2Fixture::abiAddress).toList();
        return wallet.send(router, call("swapExactTokensForTokens", new Uint256(amountIn), new Uint256(amountOutMin),
                new org.web3j.abi.datatypes.DynamicArray<>(org.web3j.abi.datatypes.Address.class, abiPath),
                abiAddress(wallet.address()), new Uint256(deadline)), ROUTER_GAS);
    }

    /** ERC20 {@code balanceOf(holder)} of {@code token} at the head. */
    public BigInteger balanceOf(Address token, Address holder) {
        return balanceOf(token, holder, "latest");
    }

    /** {@code getReserves()} as of the end of block {@code blockNumber}. */
    public Reserves reserves(Pair pair, long blockNumber) {
        return reserves(pair, Hex.quantity(blockNumber));
    }

    /** {@code getReserves()} at the head. */
    public Reserves reserves(Pair pair) {
        return reserves(pair, "latest");
    }

    public BigInteger totalSupply(Pair pair, long blockNumber) {
        return totalSupply(pair, Hex.quantity(blockNumber));
    }

    /** ERC20 {@code balanceOf(holder)} of {@code token} (a test token or a pair's LP token) at a block. */
    public BigInteger balanceOf(Address token, Address holder, long blockNumber) {
        return balanceOf(token, holder, Hex.quantity(blockNumber));
    }

    /** Uniswap V2's {@code getAmountOut}: the 0.3 % fee taken from the input, rounded down. */
    public static BigInteger amountOut(BigInteger amountIn, BigInteger reserveIn, BigInteger reserveOut) {
        requirePositive("amountIn", amountIn);
        if (reserveIn.signum() <= 0 || reserveOut.signum() <= 0) {
            throw new IllegalArgumentException("amountOut needs a funded pool, got reserves " + reserveIn + " / " + reserveOut);
        }
        BigInteger amountInWithFee = amountIn.multiply(BigInteger.valueOf(997));
        return amountInWithFee.multiply(reserveOut)
                .divide(reserveIn.multiply(BigInteger.valueOf(1000)).add(amountInWithFee));
    }

    /** {@code UniswapV2Pair.mint}'s liquidity for these amounts, with no protocol fee. */
    public static BigInteger liquidityMinted(BigInteger amount0, BigInteger amount1, Reserves before, BigInteger totalSupply) {
        if (totalSupply.signum() == 0) {
            return amount0.multiply(amount1).sqrt().subtract(MINIMUM_LIQUIDITY);
        }
        return amount0.multiply(totalSupply).divide(before.reserve0())
                .min(amount1.multiply(totalSupply).divide(before.reserve1()));
    }

    private Reserves reserves(Pair pair, String blockTag) {
        List<BigInteger> words = words(ethCall(anvil, pair.address(), call("getReserves"), blockTag), 3);
        return new Reserves(words.get(0), words.get(1), words.get(2).longValueExact());
    }

    private BigInteger totalSupply(Pair pair, String blockTag) {
        return words(ethCall(anvil, pair.address(), call("totalSupply"), blockTag), 1).getFirst();
    }

    private BigInteger balanceOf(Address token, Address holder, String blockTag) {
        return words(ethCall(anvil, token, call("balanceOf", abiAddress(holder)), blockTag), 1).getFirst();
    }

    private static Pair createPair(Anvil anvil, DevWallet wallet, Address factory, Address tokenA, Address tokenB) {
        wallet.send(factory, call("createPair", abiAddress(tokenA), abiAddress(tokenB)), CREATE_PAIR_GAS);
        Address pair = address(ethCall(anvil, factory, call("getPair", abiAddress(tokenA), abiAddress(tokenB)), "latest"));
        Address token0 = address(ethCall(anvil, pair, call("token0"), "latest"));
        Address token1 = address(ethCall(anvil, pair, call("token1"), "latest"));
        return new Pair(pair, factory, token0, token1);
    }

    private static Address create(DevWallet wallet, String initCode) {
        String hash = wallet.send(null, initCode, DEPLOY_GAS);
        Object address = wallet.requireSuccess(hash).get("contractAddress");
        return Address.of((String) address);
    }

    private static String ethCall(Anvil anvil, Address to, String data, String blockTag) {
        return (String) anvil.rpc("eth_call", Map.of("to", to.hex(), "data", data), blockTag);
    }

    private static String transferCall(Address to, BigInteger amount) {
        return call("transfer", abiAddress(to), new Uint256(amount));
    }

    @SuppressWarnings("rawtypes") // web3j's Function takes a raw List<Type>.
    private static String call(String name, Type... args) {
        return FunctionEncoder.encode(new Function(name, Arrays.asList(args), List.of()));
    }

    @SuppressWarnings("rawtypes") // web3j's encodeConstructor takes a raw List<Type>.
    private static String constructorArgs(Type... args) {
        return FunctionEncoder.encodeConstructor(Arrays.asList(args));
    }

    private static org.web3j.abi.datatypes.Address abiAddress(Address address) {
        return new org.web3j.abi.datatypes.Address(address.hex());
    }

    /** Splits an ABI return value of static words; fails unless it has at least {@code count}. */
    private static List<BigInteger> words(String hex, int count) {
        int from = Hex.start(hex);
        if (hex.length() - from < 64 * count) {
            throw new IllegalStateException("expected " + count + " ABI words, got '" + hex + "' (no contract at that address then?)");
        }
        List<BigInteger> words = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            words.add(new BigInteger(hex.substring(from + 64 * i, from + 64 * (i + 1)), 16));
        }
        return words;
    }

    private static Address address(String hex) {
        words(hex, 1);
        return Address.fromWord(hex, Hex.start(hex));
    }

    private static String bytecode(String contract) {
        return bytecode(NodeModules.v2CoreArtifact(contract));
    }

    private static String bytecode(java.nio.file.Path artifactFile) {
        String contract = artifactFile.getFileName().toString();
        try {
            JsonNode artifact = new ObjectMapper().readTree(artifactFile.toFile());
            String code = Objects.requireNonNull(artifact.path("bytecode").textValue(), () -> contract + ".json has no \"bytecode\"");
            return code.startsWith("0x") ? code : "0x" + code;
        } catch (IOException e) {
            throw new UncheckedIOException("reading Uniswap artifact " + contract, e);
        }
    }

    private static void requirePositive(String name, BigInteger amount) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + amount);
        }
    }
}
