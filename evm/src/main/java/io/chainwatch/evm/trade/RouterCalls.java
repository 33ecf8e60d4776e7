package io.chainwatch.evm.trade;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.evm.rpc.EvmLog;

import java.math.BigInteger;
import java.util.List;

/**
 * The calls live trading makes, ABI-encoded by hand (the few it needs do not justify a generic
 * encoder on this path): Router02's {@code swapExactTokensForTokens}, and ERC-20's
 * {@code approve}, {@code allowance} and {@code Transfer} event.
 */
final class RouterCalls {
    /** swapExactTokensForTokens(uint256,uint256,address[],address,uint256). */
    static final String SWAP_EXACT_TOKENS_FOR_TOKENS = "38ed1739";
    /** approve(address,uint256). */
    static final String APPROVE = "095ea7b3";
    /** balanceOf(address). */
    static final String BALANCE_OF = "70a08231";
    /** allowance(address,address). */
    static final String ALLOWANCE = "dd62ed3e";
    /** Transfer(address,address,uint256). */
    static final Hash32 TRANSFER = Hash32.of("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
    static final BigInteger MAX_UINT256 = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    private RouterCalls() {
    }

    static String swapExactTokensForTokens(BigInteger amountIn, BigInteger amountOutMin, List<Address> path, Address to, long deadline) {
        if (path.size() < 2) {
            throw new IllegalArgumentException("a swap path needs at least two tokens, got " + path.size());
        }
        StringBuilder sb = new StringBuilder(10 + 64 * (6 + path.size())).append("0x").append(SWAP_EXACT_TOKENS_FOR_TOKENS);
        word(sb, amountIn);
        word(sb, amountOutMin);
        word(sb, BigInteger.valueOf(5 * 32)); // the path's offset: after the five head words
        word(sb, to);
        word(sb, BigInteger.valueOf(deadline));
        word(sb, BigInteger.valueOf(path.size()));
        for (Address a : path) {
            word(sb, a);
        }
        return sb.toString();
    }

    static String approve(Address spender, BigInteger amount) {
        StringBuilder sb = new StringBuilder(138).append("0x").append(APPROVE);
        word(sb, spender);
        word(sb, amount);
        return sb.toString();
    }

    static String balanceOf(Address holder) {
        StringBuilder sb = new StringBuilder(74).append("0x").append(BALANCE_OF);
        word(sb, holder);
        return sb.toString();
    }

    static String allowance(Address owner, Address spender) {
        StringBuilder sb = new StringBuilder(138).append("0x").append(ALLOWANCE);
        word(sb, owner);
        word(sb, spender);
        return sb.toString();
    }

    /** The one uint256 a call returned. */
    static BigInteger uint(String returnData) {
        String hex = returnData.startsWith("0x") ? returnData.substring(2) : returnData;
        if (hex.length() != 64) {
            throw new IllegalArgumentException("expected one 32-byte word, got " + hex.length() / 2 + " bytes");
        }
        return new BigInteger(hex, 16);
    }

    /** What {@code token} transferred to {@code holder} in these logs (a receipt's), summed. */
    static BigInteger received(List<EvmLog> logs, Address token, Address holder) {
        BigInteger sum = BigInteger.ZERO;
        for (EvmLog log : logs) {
            if (log.address().equals(token) && log.topics().size() == 3 && log.topics().get(0).equals(TRANSFER)
                    && Address.fromWord(log.topics().get(2).hex(), 2).equals(holder)) {
                sum = sum.add(new BigInteger(log.data().substring(2), 16));
            }
        }
        return sum;
    }

    private static void word(StringBuilder sb, BigInteger v) {
        if (v.signum() < 0 || v.bitLength() > 256) {
            throw new IllegalArgumentException("not a uint256: " + v);
        }
        String hex = v.toString(16);
        sb.repeat('0', 64 - hex.length()).append(hex);
    }

    private static void word(StringBuilder sb, Address a) {
        sb.repeat('0', 24).append(a.hex(), 2, 42);
    }
}
