package io.chainwatch.evm.decode;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.U256;
import io.chainwatch.evm.rpc.EvmLog;
import io.chainwatch.market.Burn;
import io.chainwatch.market.Mint;
import io.chainwatch.market.PairCreated;
import io.chainwatch.market.Swap;
import io.chainwatch.market.Sync;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint112;
import org.web3j.abi.datatypes.generated.Uint256;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Our decoder against web3j's ABI decoding of the same logs: same values, field by field. */
@Timeout(30)
@SuppressWarnings({"rawtypes", "unchecked"}) // web3j's decode takes raw TypeReference lists
class UniswapV2LogDecoderTest {
    private static final UniswapV2LogDecoder DECODER = new UniswapV2LogDecoder("test");
    private final Random random = new Random(42);

    @Test
    void topicConstantsAreTheKeccakOfTheEventSignatures() {
        assertThat(UniswapV2Topics.SYNC.hex()).isEqualTo(EventEncoder.encode(new Event("Sync",
                List.of(new TypeReference<Uint112>() { }, new TypeReference<Uint112>() { }))));
        assertThat(UniswapV2Topics.SWAP.hex()).isEqualTo(EventEncoder.encode(new Event("Swap", List.of(
                new TypeReference<org.web3j.abi.datatypes.Address>(true) { }, new TypeReference<Uint256>() { },
                new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { },
                new TypeReference<org.web3j.abi.datatypes.Address>(true) { }))));
        assertThat(UniswapV2Topics.PAIR_CREATED.hex()).isEqualTo(EventEncoder.encode(new Event("PairCreated", List.of(
                new TypeReference<org.web3j.abi.datatypes.Address>(true) { }, new TypeReference<org.web3j.abi.datatypes.Address>(true) { },
                new TypeReference<org.web3j.abi.datatypes.Address>() { }, new TypeReference<Uint256>() { }))));
        assertThat(UniswapV2Topics.MINT.hex()).isEqualTo(EventEncoder.encode(new Event("Mint", List.of(
                new TypeReference<org.web3j.abi.datatypes.Address>(true) { }, new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { }))));
        assertThat(UniswapV2Topics.BURN.hex()).isEqualTo(EventEncoder.encode(new Event("Burn", List.of(
                new TypeReference<org.web3j.abi.datatypes.Address>(true) { }, new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { },
                new TypeReference<org.web3j.abi.datatypes.Address>(true) { }))));
    }

    @Test
    void syncMatchesWeb3jOnRandomReserves() {
        for (int i = 0; i < 2_000; i++) {
            BigInteger r0 = randomBits(1 + random.nextInt(112));
            BigInteger r1 = randomBits(1 + random.nextInt(112));
            String data = "0x" + TypeEncoder.encode(new Uint112(r0)) + TypeEncoder.encode(new Uint112(r1));
            EvmLog log = log(List.of(UniswapV2Topics.SYNC), data);

            Sync ours = (Sync) ((DecodeResult.Decoded) DECODER.decode(log)).event();
            List<Type> theirs = FunctionReturnDecoder.decode(data, List.of(
                    (TypeReference) new TypeReference<Uint112>() { }, (TypeReference) new TypeReference<Uint112>() { }));
            assertThat(ours.reserve0().toBigInteger()).isEqualTo(theirs.get(0).getValue());
            assertThat(ours.reserve1().toBigInteger()).isEqualTo(theirs.get(1).getValue());
            assertThat(ours.pool()).isEqualTo(log.address());
        }
    }

    @Test
    void swapMatchesWeb3jOnRandomAmounts() {
        for (int i = 0; i < 2_000; i++) {
            BigInteger[] amounts = {randomBits(random.nextInt(257)), randomBits(random.nextInt(257)),
                    randomBits(random.nextInt(257)), randomBits(random.nextInt(257))};
            String sender = randomAddress();
            String to = randomAddress();
            StringBuilder data = new StringBuilder("0x");
            for (BigInteger a : amounts) {
                data.append(TypeEncoder.encode(new Uint256(a)));
            }
            EvmLog log = log(List.of(UniswapV2Topics.SWAP, addressTopic(sender), addressTopic(to)), data.toString());

            Swap ours = (Swap) ((DecodeResult.Decoded) DECODER.decode(log)).event();
            TypeReference<org.web3j.abi.datatypes.Address> addr = new TypeReference<>() { };
            assertThat(ours.sender().hex()).isEqualTo(FunctionReturnDecoder.decodeIndexedValue(addressTopic(sender).hex(), addr).getValue());
            assertThat(ours.to().hex()).isEqualTo(FunctionReturnDecoder.decodeIndexedValue(addressTopic(to).hex(), addr).getValue());
            List<Type> theirs = FunctionReturnDecoder.decode(data.toString(), uint256s(4));
            assertThat(List.of(ours.amount0In().toBigInteger(), ours.amount1In().toBigInteger(), ours.amount0Out().toBigInteger(),
                    ours.amount1Out().toBigInteger())).isEqualTo(theirs.stream().map(Type::getValue).toList());
        }
    }

    @Test
    void pairCreatedMintAndBurnMatchWeb3j() {
        String token0 = randomAddress();
        String token1 = randomAddress();
        String pair = randomAddress();
        String data = "0x" + TypeEncoder.encode(new org.web3j.abi.datatypes.Address(pair)) + TypeEncoder.encode(new Uint256(7));
        PairCreated pc = (PairCreated) ((DecodeResult.Decoded) DECODER.decode(
                log(List.of(UniswapV2Topics.PAIR_CREATED, addressTopic(token0), addressTopic(token1)), data))).event();
        assertThat(pc.token0().hex()).isEqualTo(token0);
        assertThat(pc.token1().hex()).isEqualTo(token1);
        List<Type> decodedPair = FunctionReturnDecoder.decode(data,
                List.of((TypeReference) new TypeReference<org.web3j.abi.datatypes.Address>() { }));
        assertThat(pc.pair().hex()).isEqualTo(decodedPair.get(0).getValue());
        assertThat(pc.pairIndex()).isEqualTo(7);

        String amounts = "0x" + TypeEncoder.encode(new Uint256(123)) + TypeEncoder.encode(new Uint256(BigInteger.TWO.pow(200)));
        Mint mint = (Mint) ((DecodeResult.Decoded) DECODER.decode(log(List.of(UniswapV2Topics.MINT, addressTopic(token0)), amounts))).event();
        assertThat(mint.amount1().toBigInteger()).isEqualTo(BigInteger.TWO.pow(200));
        Burn burn = (Burn) ((DecodeResult.Decoded) DECODER.decode(
                log(List.of(UniswapV2Topics.BURN, addressTopic(token0), addressTopic(token1)), amounts))).event();
        assertThat(burn.to().hex()).isEqualTo(token1);
        assertThat(burn.amount0()).isEqualTo(U256.of(123));
    }

    @Test
    void wrongShapesAreMalformedNotExceptions() {
        String word = "0".repeat(64);
        assertThat(DECODER.decode(log(List.of(UniswapV2Topics.SYNC), "0x" + word))).isInstanceOf(DecodeResult.Malformed.class);
        assertThat(DECODER.decode(log(List.of(UniswapV2Topics.SYNC), "0x" + word + word + "00"))).isInstanceOf(DecodeResult.Malformed.class);
        assertThat(DECODER.decode(log(List.of(UniswapV2Topics.SYNC), "0x" + word + "zz" + word.substring(2)))).isInstanceOf(DecodeResult.Malformed.class);
        assertThat(DECODER.decode(log(List.of(UniswapV2Topics.SYNC), "0x" + "f".repeat(64) + word)))
                .isInstanceOf(DecodeResult.Malformed.class); // reserve wider than uint112
        assertThat(DECODER.decode(log(List.of(UniswapV2Topics.SWAP), "0x" + word.repeat(4)))).isInstanceOf(DecodeResult.Malformed.class);
        assertThat(DECODER.decode(log(List.of(UniswapV2Topics.SWAP, Hash32.of("0x" + "1".repeat(64)), addressTopic(randomAddress())),
                "0x" + word.repeat(4)))).isInstanceOf(DecodeResult.Malformed.class);
        assertThat(DECODER.decode(log(List.of(UniswapV2Topics.SYNC), null))).isInstanceOf(DecodeResult.Malformed.class);
        assertThat(DECODER.decode(log(List.of(Hash32.of("0x" + "ab".repeat(32))), "0x"))).isEqualTo(DecodeResult.UNKNOWN);
        assertThat(DECODER.decode(log(List.of(), "0x"))).isEqualTo(DecodeResult.UNKNOWN);
    }

    private static List<TypeReference<Type>> uint256s(int n) {
        List<TypeReference<Type>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            TypeReference<Type> t = (TypeReference) new TypeReference<Uint256>() { };
            out.add(t);
        }
        return out;
    }

    private BigInteger randomBits(int bits) {
        return new BigInteger(bits, random);
    }

    private String randomAddress() {
        return String.format("0x%040x", new BigInteger(160, random));
    }

    private static Hash32 addressTopic(String address) {
        return Hash32.of("0x" + "0".repeat(24) + address.substring(2));
    }

    private EvmLog log(List<Hash32> topics, String data) {
        return new EvmLog(10, Hash32.of("0x" + "aa".repeat(32)), Hash32.of("0x" + "bb".repeat(32)), 0, 3,
                Address.of(randomAddress()), topics, data, false);
    }
}
