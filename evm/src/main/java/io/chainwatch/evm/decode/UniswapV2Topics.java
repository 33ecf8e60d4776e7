package io.chainwatch.evm.decode;

import io.chainwatch.core.Hash32;

/** topic0 of the Uniswap V2 events: keccak256 of their signatures. */
public final class UniswapV2Topics {
    /** PairCreated(address,address,address,uint256) */
    public static final Hash32 PAIR_CREATED = Hash32.of("0x0d3648bd0f6ba80134a33ba9275ac585d9d315f0ad8355cddefde31afa28d0e9");
    /** Sync(uint112,uint112) */
    public static final Hash32 SYNC = Hash32.of("0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1");
    /** Swap(address,uint256,uint256,uint256,uint256,address) */
    public static final Hash32 SWAP = Hash32.of("0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822");
    /** Mint(address,uint256,uint256) */
    public static final Hash32 MINT = Hash32.of("0x4c209b5fc8ad50758f13e2e1088ba56a560dff690a1c6fef26394f4c03821c4f");
    /** Burn(address,uint256,uint256,address) */
    public static final Hash32 BURN = Hash32.of("0xdccd412f0b1252819cb1fd330b93224ca42612892bb3f4f789976e6d81936496");

    private UniswapV2Topics() {
    }
}
