package io.chainwatch.solana.tx;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chainwatch.solana.Base58;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.PumpProgram;
import io.chainwatch.solana.tx.BuyTransaction.Encoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static io.chainwatch.solana.tx.BuyTransaction.BUY_INSTRUCTION;
import static io.chainwatch.solana.tx.BuyTransaction.EVENT_INNER_INDEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** getBlock and getTransaction answers built around the real mainnet pump buy (see {@link BuyTransaction}). */
@Timeout(30)
class RpcTransactionParserTest {

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void legacyBuyTransactionReadsTheSameInEveryEncoding(Encoding encoding) throws Exception {
        BuyTransaction buy = new BuyTransaction();
        SolanaBlock block = RpcTransactionParser.parseBlock(BuyTransaction.blockResponse(List.of(buy.transactionWithMeta(encoding))));

        SolanaTransaction tx = block.transactions().getFirst();
        assertThat(tx.index()).isZero();
        assertThat(tx.signature()).isEqualTo(buy.signature58());
        assertThat(Base58.decode(tx.signature())).isEqualTo(buy.signature);
        assertThat(tx.version()).isEqualTo(TransactionVersion.LEGACY);
        assertThat(tx.accountKeys()).isEqualTo(buy.legacyKeys()).hasSize(18);
        assertThat(tx.message().addressTableLookups()).isEmpty();
        assertThat(tx.message().recentBlockhash()).isEqualTo(buy.recentBlockhash);
        assertThat(List.of(tx.message().requiredSignatures(), tx.message().readonlySigned(), tx.message().readonlyUnsigned()))
                .containsExactly(1, 0, 10);
        assertThat(tx.logMessages()).isEqualTo(buy.logs).hasSize(49);
        assertThat(tx.status()).isEqualTo(SolanaTransaction.Status.SUCCEEDED);
        assertThat(tx.error()).isNull();
        assertThat(tx.logsTruncated()).isFalse();
        assertBuyInstructions(buy, tx);
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void v0TransactionListsLoadedAddressesAfterItsStaticKeysWritableFirst(Encoding encoding) throws Exception {
        BuyTransaction buy = new BuyTransaction();
        buy.v0 = true;
        SolanaTransaction tx = RpcTransactionParser.parseBlock(BuyTransaction.blockResponse(List.of(buy.transactionWithMeta(encoding))))
                .transactions().getFirst();

        assertThat(tx.version()).isEqualTo(TransactionVersion.V0);
        assertThat(tx.message().staticAccountKeys()).isEqualTo(buy.v0StaticKeys()).hasSize(11);
        assertThat(tx.accountKeys()).hasSize(18);
        assertThat(tx.accountKeys().subList(0, 11)).isEqualTo(buy.v0StaticKeys());
        assertThat(tx.accountKey(11)).isEqualTo(buy.globalVolumeAccumulator);
        assertThat(tx.accountKeys().subList(12, 18)).isEqualTo(buy.loadedReadonly());
        assertThat(tx.message().addressTableLookups()).containsExactly(
                new AddressTableLookup(buy.lookupTable, List.of(3), List.of(0, 1, 2, 4, 5, 6)));
        assertThat(tx.message().loadedAddressCount()).isEqualTo(7);
        // The event instruction's only account, the event authority, is a looked-up one.
        InnerInstruction event = tx.innerInstructions().stream().filter(i -> i.instructionIndex() == BUY_INSTRUCTION
                && i.innerIndex() == EVENT_INNER_INDEX).findFirst().orElseThrow();
        assertThat(tx.accountKey(event.accounts().getFirst())).isEqualTo(buy.eventAuthority);
        assertThat(event.accounts().getFirst()).isEqualTo(15);
        assertBuyInstructions(buy, tx);
    }

    @Test
    void base64AndJsonEncodingsOfOneTransactionAreEqualRecords() throws Exception {
        for (boolean v0 : new boolean[]{false, true}) {
            BuyTransaction buy = new BuyTransaction();
            buy.v0 = v0;
            SolanaBlock block = RpcTransactionParser.parseBlock(BuyTransaction.blockResponse(List.of(
                    buy.transactionWithMeta(Encoding.JSON), buy.transactionWithMeta(Encoding.BASE64))));
            SolanaTransaction json = block.transactions().get(0);
            SolanaTransaction base64 = block.transactions().get(1);
            assertThat(base64.index()).isEqualTo(1);
            assertThat(base64).isEqualTo(new SolanaTransaction(1, json.signatures(), json.message(), json.accountKeys(),
                    json.innerInstructions(), json.logMessages(), json.status(), json.error()));
        }
    }

    @Test
    void blockFieldsAndTheWholeResponseOrItsResultReadAlike() throws Exception {
        ObjectNode response = BuyTransaction.blockResponse(List.of(new BuyTransaction().transactionWithMeta(Encoding.JSON)));
        SolanaBlock whole = RpcTransactionParser.parseBlock(response);
        SolanaBlock result = RpcTransactionParser.parseBlock(response.get("result"));
        assertThat(result).isEqualTo(whole);
        assertThat(whole.slot()).isEmpty();
        assertThat(whole.parentSlot()).hasValue(398_000_000L);
        assertThat(whole.blockTime()).hasValue(1770648745L);
        assertThat(whole.blockHeight()).hasValue(376_000_000L);
        assertThat(whole.blockhash()).isEqualTo(BuyTransaction.key("block 398000001").toBase58());
        assertThat(whole.withSlot(398_000_001L).slot()).hasValue(398_000_001L);
    }

    @Test
    void aBlockSubscribeValueGivesTheSlot() throws Exception {
        ObjectNode value = BuyTransaction.JSON.objectNode();
        value.put("slot", 398_000_001L);
        value.set("block", BuyTransaction.blockResponse(List.of(new BuyTransaction().transactionWithMeta(Encoding.BASE64))).get("result"));
        value.putNull("err");
        SolanaBlock block = RpcTransactionParser.parseBlock(value);
        assertThat(block.slot()).hasValue(398_000_001L);
        assertThat(block.transactions()).hasSize(1);
    }

    @Test
    void getTransactionAnswerGivesSlotTimeAndTheTransactionWithoutABlockIndex() throws Exception {
        BuyTransaction buy = new BuyTransaction();
        buy.v0 = true;
        ObjectNode result = buy.transactionWithMeta(Encoding.BASE64);
        result.put("slot", 398_000_001L);
        result.put("blockTime", 1770648745L);
        ObjectNode response = BuyTransaction.JSON.objectNode().put("jsonrpc", "2.0").put("id", 7);
        response.set("result", result);

        ConfirmedTransaction confirmed = RpcTransactionParser.parseTransaction(response);
        assertThat(confirmed.slot()).isEqualTo(398_000_001L);
        assertThat(confirmed.blockTime()).hasValue(1770648745L);
        assertThat(confirmed.transaction().index()).isEqualTo(SolanaTransaction.UNKNOWN_INDEX);
        assertThat(confirmed.transaction().signature()).isEqualTo(buy.signature58());
        assertThat(RpcTransactionParser.parseTransaction(result)).isEqualTo(confirmed);
    }

    @Test
    void failedTransactionKeepsItsErrorAsCompactJson() throws Exception {
        BuyTransaction buy = new BuyTransaction();
        buy.errJson = "{\"InstructionError\": [1, {\"Custom\": 6001}]}";
        SolanaTransaction tx = RpcTransactionParser.parseBlock(BuyTransaction.blockResponse(List.of(buy.transactionWithMeta(Encoding.JSON))))
                .transactions().getFirst();
        assertThat(tx.status()).isEqualTo(SolanaTransaction.Status.FAILED);
        assertThat(tx.succeeded()).isFalse();
        assertThat(tx.error()).isEqualTo("{\"InstructionError\":[1,{\"Custom\":6001}]}");
    }

    @Test
    void transactionWithoutMetaHasUnknownStatusAndNoLogs() throws Exception {
        ObjectNode node = new BuyTransaction().transactionWithMeta(Encoding.BASE64);
        node.putNull("meta");
        SolanaTransaction tx = RpcTransactionParser.parseTransactionWithMeta(node, 3, "tx");
        assertThat(tx.status()).isEqualTo(SolanaTransaction.Status.UNKNOWN);
        assertThat(tx.logMessages()).isEmpty();
        assertThat(tx.innerInstructions()).isEmpty();
        assertThat(tx.index()).isEqualTo(3);
    }

    @Test
    void truncatedLogsAreKeptAndSaidSo() throws Exception {
        BuyTransaction buy = new BuyTransaction();
        buy.logs = new java.util.ArrayList<>(buy.logs.subList(0, 30));
        buy.logs.add("Log truncated");
        SolanaTransaction tx = RpcTransactionParser.parseTransactionWithMeta(buy.transactionWithMeta(Encoding.JSON), 0, "tx");
        assertThat(tx.logMessages()).hasSize(31);
        assertThat(tx.logsTruncated()).isTrue();
        assertThat(tx.innerInstructions()).hasSize(10);
    }

    @Test
    void aJsonRpcErrorOrANullResultIsAFormatErrorThatSaysSo() {
        ObjectNode error = BuyTransaction.JSON.objectNode().put("jsonrpc", "2.0").put("id", 1);
        error.putObject("error").put("code", -32007).put("message", "Slot 398000001 was skipped, or missing due to ledger jump to recent snapshot");
        assertThatThrownBy(() -> RpcTransactionParser.parseBlock(error))
                .isInstanceOf(TransactionFormatException.class)
                .hasMessage("error: the node answered with an error: -32007 Slot 398000001 was skipped, or missing due to ledger jump to recent snapshot");

        ObjectNode nothing = BuyTransaction.JSON.objectNode().put("jsonrpc", "2.0").put("id", 1).putNull("result");
        assertThatThrownBy(() -> RpcTransactionParser.parseBlock(nothing))
                .hasMessageStartingWith("result: null: the node has no such block");
        assertThatThrownBy(() -> RpcTransactionParser.parseTransaction(nothing))
                .hasMessageStartingWith("result: null: the node has no such transaction");
    }

    @Test
    void answersOfTheWrongShapeAreNamed() {
        ObjectNode tx = new BuyTransaction().transactionWithMeta(Encoding.JSON);
        assertThatThrownBy(() -> RpcTransactionParser.parseBlock(tx))
                .hasMessage("not a getBlock answer: no \"transactions\" (it looks like a getTransaction answer)");
        ObjectNode signaturesOnly = BuyTransaction.JSON.objectNode();
        signaturesOnly.putArray("signatures").add("x");
        assertThatThrownBy(() -> RpcTransactionParser.parseBlock(signaturesOnly))
                .hasMessageContaining("transactionDetails \"full\"");
        assertThatThrownBy(() -> RpcTransactionParser.parseBlock(BuyTransaction.JSON.arrayNode()))
                .hasMessage("expected a JSON object (a JSON-RPC answer or its result), got an array of 0");
        assertThatThrownBy(() -> RpcTransactionParser.parseTransaction(BuyTransaction.blockResponse(List.of())))
                .hasMessage("result: not a getTransaction answer: no \"transaction\" (it looks like a getBlock answer)");
    }

    @Test
    void unreadableValuesAreNamedByTheirJsonPath() {
        BuyTransaction buy = new BuyTransaction();
        ObjectNode badData = buy.transactionWithMeta(Encoding.JSON);
        ((ObjectNode) badData.at("/meta/innerInstructions/1/instructions/5")).put("data", "0OIl");
        assertThatThrownBy(() -> RpcTransactionParser.parseBlock(BuyTransaction.blockResponse(List.of(buy.transactionWithMeta(Encoding.JSON), badData))))
                .isInstanceOf(TransactionFormatException.class)
                .hasMessageStartingWith("result.transactions[1].meta.innerInstructions[1].instructions[5].data: not base58: not a base58 character at 0: '0'");

        ObjectNode outside = buy.transactionWithMeta(Encoding.JSON);
        ((ObjectNode) outside.at("/meta/innerInstructions/0/instructions/0")).put("programIdIndex", 18);
        assertThatThrownBy(() -> RpcTransactionParser.parseTransactionWithMeta(outside, 0, "tx"))
                .hasMessage("tx.meta.innerInstructions[0].instructions[0].programIdIndex: got 18, allowed 0 to 17");

        ObjectNode badBase64 = buy.transactionWithMeta(Encoding.BASE64);
        ((ArrayNode) badBase64.get("transaction")).set(0, "not*base64");
        assertThatThrownBy(() -> RpcTransactionParser.parseTransactionWithMeta(badBase64, 0, "tx"))
                .hasMessageStartingWith("tx.transaction[0]: not base64: Illegal base64 character 2a");

        ObjectNode parsed = buy.transactionWithMeta(Encoding.JSON);
        ((ArrayNode) parsed.at("/transaction/message/accountKeys")).set(0, BuyTransaction.JSON.objectNode().put("pubkey", "x"));
        assertThatThrownBy(() -> RpcTransactionParser.parseTransactionWithMeta(parsed, 0, "tx"))
                .hasMessageContaining("tx.transaction.message.accountKeys[0]: an object, as the jsonParsed encoding gives");

        ObjectNode unknownEncoding = buy.transactionWithMeta(Encoding.BASE64);
        ((ArrayNode) unknownEncoding.get("transaction")).set(1, "base64+zstd");
        assertThatThrownBy(() -> RpcTransactionParser.parseTransactionWithMeta(unknownEncoding, 0, "tx"))
                .hasMessage("tx.transaction[0]: encoding \"base64+zstd\" is not supported (json, base64 and base58 are)");
    }

    @Test
    void aV0TransactionNeedsItsLoadedAddresses() {
        BuyTransaction buy = new BuyTransaction();
        buy.v0 = true;
        ObjectNode missing = buy.transactionWithMeta(Encoding.BASE64);
        ((ObjectNode) missing.get("meta")).remove("loadedAddresses");
        assertThatThrownBy(() -> RpcTransactionParser.parseTransactionWithMeta(missing, 0, "tx"))
                .hasMessage("tx.meta.loadedAddresses: missing, but the message looks up 7 addresses in tables: their keys are needed");

        ObjectNode short1 = buy.transactionWithMeta(Encoding.JSON);
        ((ArrayNode) short1.at("/meta/loadedAddresses/readonly")).remove(0);
        assertThatThrownBy(() -> RpcTransactionParser.parseTransactionWithMeta(short1, 0, "tx"))
                .hasMessage("tx.meta.loadedAddresses: 1 writable and 5 read-only addresses, but the message looks up 7");

        ObjectNode wrongVersion = buy.transactionWithMeta(Encoding.BASE64);
        wrongVersion.put("version", "legacy");
        assertThatThrownBy(() -> RpcTransactionParser.parseTransactionWithMeta(wrongVersion, 0, "tx"))
                .hasMessage("tx.version: says LEGACY but the message is V0");
    }

    private static void assertBuyInstructions(BuyTransaction buy, SolanaTransaction tx) {
        assertThat(tx.instructions()).hasSize(5);
        CompiledInstruction ix = tx.instructions().get(BUY_INSTRUCTION);
        assertThat(tx.accountKey(ix.programIdIndex())).isEqualTo(PumpProgram.ID);
        assertThat(ix.data()).isEqualTo(buy.buyData);
        assertThat(ix.accounts().stream().map(tx::accountKey).toList()).containsExactly(buy.global, buy.feeRecipient, buy.mint,
                buy.bondingCurve, buy.associatedBondingCurve, buy.associatedUser, buy.user, PublicKey.ZERO, buy.tokenProgram,
                buy.creatorVault, buy.eventAuthority, PumpProgram.ID, buy.globalVolumeAccumulator, buy.userVolumeAccumulator,
                buy.feeConfig, buy.feeProgram);

        assertThat(tx.innerInstructions()).hasSize(10);
        assertThat(tx.innerInstructions()).extracting(InnerInstruction::instructionIndex).containsExactly(0, 0, 0, 0, 1, 1, 1, 1, 1, 1);
        assertThat(tx.innerInstructions()).extracting(InnerInstruction::innerIndex).containsExactly(0, 1, 2, 3, 0, 1, 2, 3, 4, 5);
        assertThat(tx.innerInstructions()).extracting(InnerInstruction::stackHeight).containsOnly(2);
        InnerInstruction event = tx.innerInstructions().get(9);
        assertThat(tx.accountKey(event.programIdIndex())).isEqualTo(PumpProgram.ID);
        assertThat(event.data()).isEqualTo(buy.eventData).hasSize(8 + 266);
        assertThat(tx.accountKey(tx.innerInstructions().get(4).programIdIndex())).isEqualTo(PumpProgram.FEE_PROGRAM_ID);
    }
}
