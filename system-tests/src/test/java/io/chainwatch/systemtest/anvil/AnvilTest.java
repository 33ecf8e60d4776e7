package io.chainwatch.systemtest.anvil;

import io.chainwatch.core.Address;
import io.chainwatch.core.BlockRef;
import io.chainwatch.core.Hex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class AnvilTest {
    private static final String DEV_ACCOUNT_1 = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    private Anvil anvil;

    @BeforeEach
    void startAnvil() throws IOException {
        anvil = Anvil.start();
    }

    @AfterEach
    void stopAnvil() {
        anvil.close();
    }

    @Test
    void startsOnChain31337AtGenesisWithAutomineOnAndLogsToTarget() throws IOException {
        assertThat(anvil.rpc("eth_chainId")).isEqualTo("0x7a69");
        assertThat(anvil.blockNumber()).isZero();
        assertThat(anvil.automine()).isTrue();
        assertThat(anvil.httpUrl()).isEqualTo("http://127.0.0.1:" + anvil.port());
        assertThat(anvil.wsUrl()).isEqualTo("ws://127.0.0.1:" + anvil.port());
        assertThat(Files.readString(anvil.logFile())).contains("Listening on 127.0.0.1:" + anvil.port());
    }

    @Test
    void devKeyZeroBelongsToDevAccountZeroAndAnvilPrintsIt() throws IOException {
        assertThat(Credentials.create(Anvil.DEV_KEY_0).getAddress()).isEqualToIgnoringCase(Anvil.DEV_ACCOUNT_0);
        assertThat(Files.readString(anvil.logFile())).contains(Anvil.DEV_KEY_0);
    }

    @Test
    void eachTransactionGetsItsOwnBlockWithAutomineOn() {
        DevWallet wallet = DevWallet.devAccount0(anvil);
        String first = wallet.send(Address.of(DEV_ACCOUNT_1), "0x", 21_000);
        String second = wallet.send(Address.of(DEV_ACCOUNT_1), "0x", 21_000);
        assertThat(wallet.receipt(first).get("blockNumber")).isEqualTo("0x1");
        assertThat(wallet.receipt(second).get("blockNumber")).isEqualTo("0x2");
    }

    @Test
    void withAutomineOffTransactionsWaitAndShareTheNextMinedBlock() {
        DevWallet wallet = DevWallet.devAccount0(anvil);
        anvil.automine(false);
        assertThat(anvil.automine()).isFalse();
        List<String> hashes = List.of(
                wallet.send(Address.of(DEV_ACCOUNT_1), "0x", 21_000),
                wallet.send(Address.of(DEV_ACCOUNT_1), "0x", 21_000),
                wallet.send(Address.of(DEV_ACCOUNT_1), "0x", 21_000));
        assertThat(anvil.blockNumber()).isZero();
        assertThat(anvil.rpc("eth_getTransactionReceipt", hashes.getFirst())).isNull();

        anvil.mine();

        assertThat(anvil.blockNumber()).isEqualTo(1);
        for (String hash : hashes) {
            assertThat(wallet.requireSuccess(hash).get("blockNumber")).isEqualTo("0x1");
        }
        Map<?, ?> block = (Map<?, ?>) anvil.rpc("eth_getBlockByNumber", "0x1", false);
        assertThat((List<?>) block.get("transactions")).hasSize(3);
    }

    @Test
    void mineAddsEmptyBlocksLinkedByParentHash() {
        anvil.mine(3);
        assertThat(anvil.blockNumber()).isEqualTo(3);
        for (long n = 1; n <= 3; n++) {
            assertThat(anvil.block(n).parentHash()).isEqualTo(anvil.blockHash(n - 1));
        }
    }

    @Test
    void reorgOfDepthTwoGivesTheLastTwoBlocksNewHashesAndKeepsTheHeight() {
        anvil.mine(5);
        BlockRef ancestor = anvil.block(3);
        BlockRef oldFour = anvil.block(4);
        BlockRef oldFive = anvil.block(5);

        anvil.reorg(2, List.of());

        assertThat(anvil.blockNumber()).isEqualTo(5);
        assertThat(anvil.block(3)).isEqualTo(ancestor);
        assertThat(anvil.blockHash(4)).isNotEqualTo(oldFour.hash());
        assertThat(anvil.blockHash(5)).isNotEqualTo(oldFive.hash());
        assertThat(anvil.block(4).parentHash()).isEqualTo(ancestor.hash());
        assertThat(anvil.block(5).parentHash()).isEqualTo(anvil.blockHash(4));
    }

    @Test
    void reorgPutsEachGivenTransactionIntoTheBlockAtItsOffset() {
        anvil.mine(4);
        DevWallet wallet = DevWallet.devAccount0(anvil);
        // The request anvil signs takes nonce 0 at offset 0, so the signed one must carry nonce 1:
        // a replayed transaction needs the nonce the new chain has at its block, or anvil drops it
        // (it only logs "invalid 1 txs").
        String signed = wallet.sign(Address.of(DEV_ACCOUNT_1), "0x", 21_000, 1);

        anvil.reorg(3, List.of(
                new ReorgTx.Signed(signed, 2),
                new ReorgTx.Unsigned(Anvil.DEV_ACCOUNT_0.toLowerCase(), DEV_ACCOUNT_1, "0x", 0)));

        assertThat(anvil.blockNumber()).isEqualTo(4);
        assertThat(transactionsIn(2)).hasSize(1);
        assertThat(transactionsIn(3)).isEmpty();
        assertThat(transactionsIn(4)).containsExactly(Hash.sha3(signed));
        assertThat(wallet.requireSuccess(transactionsIn(2).getFirst()).get("blockNumber")).isEqualTo("0x2");
        assertThat(wallet.pendingNonce()).isEqualTo(2);
    }

    @Test
    void reorgDropsAReplayedTransactionWhoseNonceIsTaken() {
        anvil.mine(4);
        DevWallet wallet = DevWallet.devAccount0(anvil);
        String signed = wallet.sign(Address.of(DEV_ACCOUNT_1), "0x", 21_000, 0);

        anvil.reorg(3, List.of(
                new ReorgTx.Signed(signed, 2),
                new ReorgTx.Unsigned(Anvil.DEV_ACCOUNT_0.toLowerCase(), DEV_ACCOUNT_1, "0x", 0)));

        assertThat(transactionsIn(2)).hasSize(1);
        assertThat(transactionsIn(4)).isEmpty();
    }

    @Test
    void reorgRejectsOffsetsOutsideTheNewBlocks() {
        anvil.mine(3);
        assertThatThrownBy(() -> anvil.reorg(2, List.of(new ReorgTx.Unsigned(Anvil.DEV_ACCOUNT_0, DEV_ACCOUNT_1, "0x", 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blockOffset");
    }

    @Test
    void revertToSnapshotDropsLaterBlocks() {
        anvil.mine(2);
        String snapshot = anvil.snapshot();
        anvil.mine(3);

        anvil.revert(snapshot);

        assertThat(anvil.blockNumber()).isEqualTo(2);
        assertThatThrownBy(() -> anvil.revert(snapshot)).isInstanceOf(AnvilRpcException.class);
    }

    @Test
    void missingNodeModulesFailsWithTheCommandThatFixesIt(@TempDir Path empty) {
        assertThatThrownBy(() -> NodeModules.locate(empty, NodeModules.ANVIL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("npm ci")
                .hasMessageContaining(empty.toString());
    }

    @Test
    void unknownMethodIsAnRpcErrorNamingTheMethod() {
        assertThatThrownBy(() -> anvil.rpc("anvil_noSuchMethod"))
                .isInstanceOf(AnvilRpcException.class)
                .hasMessageContaining("anvil_noSuchMethod");
    }

    /** Hashes of the transactions in block {@code number}. */
    private List<String> transactionsIn(long number) {
        Map<?, ?> block = (Map<?, ?>) anvil.rpc("eth_getBlockByNumber", Hex.quantity(number), false);
        return ((List<?>) block.get("transactions")).stream().map(String.class::cast).toList();
    }
}
