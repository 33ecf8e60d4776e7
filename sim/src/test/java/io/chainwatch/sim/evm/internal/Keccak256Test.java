package io.chainwatch.sim.evm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chainwatch.core.Hex;
import io.chainwatch.sim.evm.UniswapV2Events;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class Keccak256Test {

    @Test
    void hashesTheEmptyInputAndInputsLongerThanOneBlockLikeEthereum() {
        assertThat(Hex.encode(Keccak256.digest(new byte[0])))
                .isEqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        assertThat(Keccak256.ofText("Transfer(address,address,uint256)").hex())
                .isEqualTo("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
        // 200 bytes: crosses the 136-byte rate boundary.
        assertThat(Keccak256.digest(new byte[200])).hasSize(32).isNotEqualTo(Keccak256.digest(new byte[199]));
    }

    @Test
    void uniswapEventTopicsAreTheKeccakOfTheirSignatures() {
        assertThat(Keccak256.ofText("PairCreated(address,address,address,uint256)")).isEqualTo(UniswapV2Events.PAIR_CREATED);
        assertThat(Keccak256.ofText("Sync(uint112,uint112)")).isEqualTo(UniswapV2Events.SYNC);
        assertThat(Keccak256.ofText("Swap(address,uint256,uint256,uint256,uint256,address)")).isEqualTo(UniswapV2Events.SWAP);
        assertThat(Keccak256.ofText("Mint(address,uint256,uint256)")).isEqualTo(UniswapV2Events.MINT);
        assertThat(Keccak256.ofText("Burn(address,uint256,uint256,address)")).isEqualTo(UniswapV2Events.BURN);
        assertThat(Hex.encode(java.util.Arrays.copyOf(Keccak256.digest("getReserves()".getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 4)))
                .isEqualTo(UniswapV2Events.GET_RESERVES_SELECTOR);
    }
}
