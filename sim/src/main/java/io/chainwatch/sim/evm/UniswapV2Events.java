package io.chainwatch.sim.evm;

import io.chainwatch.core.Hash32;

/** topic0 of the Uniswap V2 events: keccak256 of the canonical signature. */
public final class UniswapV2Events {
    /** {@code PairCreated(address indexed token0, address indexed token1, address pair, uint256)}. */
    public static final Hash32 PAIR_CREATED = Hash32.of("0x0d3648bd0f6ba80134a33ba9275ac585d9d315f0ad8355cddefde31afa28d0e9");
    /** {@code Sync(uint112 reserve0, uint112 reserve1)}. */
    public static final Hash32 SYNC = Hash32.of("0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1");
    /** {@code Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to)}. */
    public static final Hash32 SWAP = Hash32.of("0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822");
    /** {@code Mint(address indexed sender, uint256 amount0, uint256 amount1)}. */
    public static final Hash32 MINT = Hash32.of("0x4c209b5fc8ad50758f13e2e1088ba56a560dff690a1c6fef26394f4c03821c4f");
    /** {@code Burn(address indexed sender, uint256 amount0, uint256 amount1, address indexed to)}. */
    public static final Hash32 BURN = Hash32.of("0xdccd412f0b1252819cb1fd330b93224ca42612892bb3f4f789976e6d81936496");
    /** Selector of {@code getReserves()}. */
    public static final String GET_RESERVES_SELECTOR = "0x0902f1ac";

    private UniswapV2Events() {
    }
}
