package io.chainwatch.evm.trade;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.evm.rpc.EvmLog;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Our hand-written call encodings against web3j's generic ABI encoder. */
class RouterCallsTest {
    private static final Address A = Address.of("0x1111111111111111111111111111111111111111");
    private static final Address B = Address.of("0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2");
    private static final Address C = Address.of("0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48");
    private static final Address ME = Address.of("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");

    @Test
    void swapExactTokensForTokensIsEncodedAsWeb3jEncodesIt() {
        BigInteger in = new BigInteger("1234567890123456789012");
        BigInteger min = new BigInteger("987654321");
        String ours = RouterCalls.swapExactTokensForTokens(in, min, List.of(A, B, C), ME, 1_800_000_000L);
        String web3j = FunctionEncoder.encode(new Function("swapExactTokensForTokens", List.of(new Uint256(in), new Uint256(min),
                new DynamicArray<>(org.web3j.abi.datatypes.Address.class, List.of(abi(A), abi(B), abi(C))), abi(ME),
                new Uint256(1_800_000_000L)), List.of()));
        assertThat(ours).isEqualTo(web3j);
    }

    @Test
    void approveAndAllowanceAreEncodedAsWeb3jEncodesThem() {
        assertThat(RouterCalls.approve(B, RouterCalls.MAX_UINT256)).isEqualTo(FunctionEncoder.encode(
                new Function("approve", List.of(abi(B), new Uint256(RouterCalls.MAX_UINT256)), List.of())));
        assertThat(RouterCalls.balanceOf(ME)).isEqualTo(FunctionEncoder.encode(new Function("balanceOf", List.of(abi(ME)), List.of())));
        assertThat(RouterCalls.allowance(ME, B)).isEqualTo(FunctionEncoder.encode(
                new Function("allowance", List.of(abi(ME), abi(B)), List.of())));
    }

    @Test
    void aPathOfOneTokenOrANegativeAmountIsRefused() {
        assertThatThrownBy(() -> RouterCalls.swapExactTokensForTokens(BigInteger.ONE, BigInteger.ONE, List.of(A), ME, 1))
                .hasMessageContaining("at least two tokens");
        assertThatThrownBy(() -> RouterCalls.swapExactTokensForTokens(BigInteger.ONE.negate(), BigInteger.ONE, List.of(A, B), ME, 1))
                .hasMessageContaining("not a uint256");
    }

    @Test
    void whatATokenTransferredToTheHolderIsSummedFromTheLogs() {
        Hash32 from = word(A);
        List<EvmLog> logs = List.of(
                transfer(C, from, word(ME), 700), // ours
                transfer(C, from, word(B), 50), // someone else's
                transfer(B, from, word(ME), 9), // another token
                transfer(C, from, word(ME), 300)); // ours again
        assertThat(RouterCalls.received(logs, C, ME)).isEqualTo(BigInteger.valueOf(1_000));
    }

    private static EvmLog transfer(Address token, Hash32 from, Hash32 to, long amount) {
        return new EvmLog(1, Hash32.ZERO, Hash32.ZERO, 0, 0, token, List.of(RouterCalls.TRANSFER, from, to),
                "0x" + String.format("%064x", amount), false);
    }

    private static Hash32 word(Address a) {
        return Hash32.of("0x000000000000000000000000" + a.hex().substring(2));
    }

    private static org.web3j.abi.datatypes.Address abi(Address a) {
        return new org.web3j.abi.datatypes.Address(a.hex());
    }
}
