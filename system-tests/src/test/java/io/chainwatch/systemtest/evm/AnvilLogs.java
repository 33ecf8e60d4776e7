package io.chainwatch.systemtest.evm;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.systemtest.anvil.Anvil;
import io.chainwatch.systemtest.anvil.Pair;
import io.chainwatch.systemtest.anvil.UniswapV2Fixture;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The ground truth of which pool events exist: anvil's canonical logs, read with web3j. */
final class AnvilLogs {
    /** topic0 of the five events chainwatch keeps, hashed here from their signatures. */
    static final List<String> TOPICS = List.of(
            Hash.sha3String("PairCreated(address,address,address,uint256)"),
            Hash.sha3String("Sync(uint112,uint112)"),
            Hash.sha3String("Swap(address,uint256,uint256,uint256,uint256,address)"),
            Hash.sha3String("Mint(address,uint256,uint256)"),
            Hash.sha3String("Burn(address,uint256,uint256,address)"));

    private AnvilLogs() {
    }

    /** (block hash, log index) of every PairCreated, Sync, Swap, Mint and Burn of the fixture's contracts in blocks 0..head. */
    static List<StoreReader.LogKey> poolLogs(Anvil anvil, UniswapV2Fixture fixture, long head) {
        List<String> addresses = new ArrayList<>();
        fixture.factories().forEach(f -> addresses.add(f.hex()));
        fixture.pairs().stream().map(Pair::address).map(Address::hex).forEach(addresses::add);
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.ZERO), DefaultBlockParameter.valueOf(BigInteger.valueOf(head)),
                addresses);
        filter.addOptionalTopics(TOPICS.toArray(String[]::new));
        EthLog answer;
        try {
            answer = anvil.web3j().ethGetLogs(filter).send();
        } catch (IOException e) {
            throw new AssertionError("eth_getLogs on anvil failed: " + e, e);
        }
        if (answer.hasError()) {
            throw new AssertionError("eth_getLogs on anvil: " + answer.getError().getMessage());
        }
        List<StoreReader.LogKey> out = new ArrayList<>();
        for (EthLog.LogResult<?> r : answer.getLogs()) {
            Log l = (Log) r.get();
            if (!l.isRemoved()) {
                out.add(new StoreReader.LogKey(Hash32.of(l.getBlockHash()), l.getLogIndex().intValueExact()));
            }
        }
        return out;
    }

    static Set<StoreReader.LogKey> asSet(List<StoreReader.LogKey> keys) {
        return new HashSet<>(keys);
    }
}
