package io.chainwatch.geyser;

import com.google.protobuf.ByteString;
import io.chainwatch.geyser.proto.SubscribeUpdate;
import io.chainwatch.geyser.proto.SubscribeUpdateTransaction;
import io.chainwatch.geyser.proto.SubscribeUpdateTransactionInfo;
import io.chainwatch.geyser.proto.storage.CompiledInstruction;
import io.chainwatch.geyser.proto.storage.InnerInstruction;
import io.chainwatch.geyser.proto.storage.InnerInstructions;
import io.chainwatch.geyser.proto.storage.Message;
import io.chainwatch.geyser.proto.storage.MessageAddressTableLookup;
import io.chainwatch.geyser.proto.storage.MessageHeader;
import io.chainwatch.geyser.proto.storage.ReturnData;
import io.chainwatch.geyser.proto.storage.Reward;
import io.chainwatch.geyser.proto.storage.RewardType;
import io.chainwatch.geyser.proto.storage.TokenBalance;
import io.chainwatch.geyser.proto.storage.Transaction;
import io.chainwatch.geyser.proto.storage.TransactionError;
import io.chainwatch.geyser.proto.storage.TransactionStatusMeta;
import io.chainwatch.geyser.proto.storage.UiTokenAmount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static io.chainwatch.geyser.SubscribeUpdateWireTest.filled;
import static io.chainwatch.geyser.WireAssertions.assertSameWire;
import static io.chainwatch.geyser.WireWriter.message;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transaction update and the solana.storage.ConfirmedBlock messages it embeds, every field
 * set, against the public protocol's numbers written down here by hand: a pump.fun buy as a
 * Yellowstone server streams it.
 */
@Timeout(10)
class TransactionUpdateWireTest {
    private static final byte[] SIGNATURE = filled(64, 0x5C);
    private static final byte[] PAYER = filled(32, 0x01);
    private static final byte[] CURVE = filled(32, 0x02);
    private static final byte[] PUMP = filled(32, 0x03);
    private static final byte[] LOOKUP_TABLE = filled(32, 0x04);
    private static final byte[] LOADED_WRITABLE = filled(32, 0x05);
    private static final byte[] LOADED_READONLY = filled(32, 0x06);
    private static final byte[] BLOCKHASH = filled(32, 0x07);
    private static final byte[] BUY_DATA = {0x66, 0x06, 0x3d, 0x12, 0x01, (byte) 0xda, (byte) 0xeb, (byte) 0xea};
    private static final byte[] EVENT_DATA = {(byte) 0xe4, 0x45, (byte) 0xa5, 0x2e, 0x51, (byte) 0xcb, (byte) 0x9a, 0x1d};
    private static final byte[] ERROR = {8, 0, 0, 0, 1, 0, 0, 0};
    private static final List<String> LOGS = List.of(
            "Program 6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P invoke [1]",
            "Program log: Instruction: Buy",
            "Program data: vdt/007mYe4=",
            "Program 6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P success");

    @Test
    void everyFieldOfATransactionUpdateHasTheProtocolsNumberAndType() {
        WireWriter wire = message()
                .string(1, "pump")                               // SubscribeUpdate.filters
                .message(4, message()                            // SubscribeUpdate.transaction
                        .message(1, infoWire())                  //   SubscribeUpdateTransaction.transaction
                        .varint(2, 310_000_123L));               //   SubscribeUpdateTransaction.slot
        SubscribeUpdate built = SubscribeUpdate.newBuilder()
                .addFilters("pump")
                .setTransaction(SubscribeUpdateTransaction.newBuilder().setTransaction(info()).setSlot(310_000_123L))
                .build();
        SubscribeUpdate parsed = assertSameWire(wire, built, SubscribeUpdate.parser());

        TransactionStatusMeta meta = parsed.getTransaction().getTransaction().getMeta();
        assertThat(meta.getLogMessagesList()).containsExactlyElementsOf(LOGS);
        assertThat(meta.getInnerInstructions(0).getInstructions(0).getStackHeight()).isEqualTo(2);
        assertThat(meta.getComputeUnitsConsumed()).isEqualTo(41_797);
        assertThat(meta.getPreTokenBalances(0).getUiTokenAmount().getUiAmount()).isEqualTo(1234.5);
    }

    @Test
    void absentComputeUnitsAndStackHeightStayAbsent() {
        // Transactions of old validators carry neither; "absent" must not read as zero.
        TransactionStatusMeta meta = WireAssertions.parse(TransactionStatusMeta.parser(),
                message().varint(2, 5_000).message(5, message().varint(1, 0)
                        .message(2, message().varint(1, 2))).toByteArray());
        assertThat(meta.hasComputeUnitsConsumed()).isFalse();
        assertThat(meta.getInnerInstructions(0).getInstructions(0).hasStackHeight()).isFalse();
    }

    private static WireWriter infoWire() {
        return message()
                .bytes(1, SIGNATURE)                             // signature
                .message(3, message()                            // transaction
                        .bytes(1, SIGNATURE)                     //   signatures
                        .message(2, messageWire()))              //   message
                .message(4, metaWire())                          // meta
                .varint(5, 17);                                  // index
    }

    private static WireWriter messageWire() {
        return message()
                .message(1, message().varint(1, 1).varint(3, 1))              // header; 2 is 0, so not sent
                .bytes(2, PAYER)                                              // account_keys
                .bytes(2, CURVE)
                .bytes(2, PUMP)
                .bytes(3, BLOCKHASH)                                          // recent_blockhash
                .message(4, message()                                         // instructions
                        .varint(1, 2)                                         //   program_id_index
                        .bytes(2, new byte[] {0, 1, 3, 4})                    //   accounts
                        .bytes(3, BUY_DATA))                                  //   data
                .bool(5, true)                                                // versioned
                .message(6, message()                                         // address_table_lookups
                        .bytes(1, LOOKUP_TABLE)                               //   account_key
                        .bytes(2, new byte[] {7})                             //   writable_indexes
                        .bytes(3, new byte[] {9}));                           //   readonly_indexes
    }

    private static WireWriter metaWire() {
        return message()
                .message(1, message().bytes(1, ERROR))                        // err
                .varint(2, 5_000)                                             // fee
                .packedVarints(3, 1_000_000_000L, 2_000_000L, 1L)             // pre_balances
                .packedVarints(4, 899_995_000L, 102_000_000L, 1L)             // post_balances
                .message(5, message()                                         // inner_instructions
                        .varint(1, 1)                                         //   index
                        .message(2, message()                                 //   instructions
                                .varint(1, 2)                                 //     program_id_index
                                .bytes(2, new byte[] {5})                     //     accounts
                                .bytes(3, EVENT_DATA)                         //     data
                                .varint(4, 2)))                               //     stack_height
                .string(6, LOGS.get(0))                                       // log_messages
                .string(6, LOGS.get(1))
                .string(6, LOGS.get(2))
                .string(6, LOGS.get(3))
                .message(7, tokenBalanceWire())                               // pre_token_balances
                .message(8, tokenBalanceWire())                               // post_token_balances
                .message(9, message().string(1, "Payer").varint(2, -10).varint(4, 2)) // rewards (Rent)
                .bool(10, true)                                               // inner_instructions_none
                .bool(11, true)                                               // log_messages_none
                .bytes(12, LOADED_WRITABLE)                                   // loaded_writable_addresses
                .bytes(13, LOADED_READONLY)                                   // loaded_readonly_addresses
                .message(14, message().bytes(1, PUMP).bytes(2, new byte[] {1})) // return_data
                .bool(15, true)                                               // return_data_none
                .varint(16, 41_797);                                          // compute_units_consumed
    }

    private static WireWriter tokenBalanceWire() {
        return message()
                .varint(1, 1)                                                 // account_index
                .string(2, "Mint1111111111111111111111111111111111111")       // mint
                .message(3, message()                                         // ui_token_amount
                        .float64(1, 1234.5)                                   //   ui_amount (double)
                        .varint(2, 6)                                         //   decimals
                        .string(3, "1234500000")                              //   amount
                        .string(4, "1234.5"))                                 //   ui_amount_string
                .string(4, "Owner111111111111111111111111111111111111")       // owner
                .string(5, "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");    // program_id
    }

    private static SubscribeUpdateTransactionInfo info() {
        return SubscribeUpdateTransactionInfo.newBuilder()
                .setSignature(bytes(SIGNATURE))
                .setIsVote(false)
                .setTransaction(Transaction.newBuilder()
                        .addSignatures(bytes(SIGNATURE))
                        .setMessage(Message.newBuilder()
                                .setHeader(MessageHeader.newBuilder().setNumRequiredSignatures(1)
                                        .setNumReadonlySignedAccounts(0).setNumReadonlyUnsignedAccounts(1))
                                .addAccountKeys(bytes(PAYER)).addAccountKeys(bytes(CURVE)).addAccountKeys(bytes(PUMP))
                                .setRecentBlockhash(bytes(BLOCKHASH))
                                .addInstructions(CompiledInstruction.newBuilder().setProgramIdIndex(2)
                                        .setAccounts(bytes(new byte[] {0, 1, 3, 4})).setData(bytes(BUY_DATA)))
                                .setVersioned(true)
                                .addAddressTableLookups(MessageAddressTableLookup.newBuilder()
                                        .setAccountKey(bytes(LOOKUP_TABLE))
                                        .setWritableIndexes(bytes(new byte[] {7}))
                                        .setReadonlyIndexes(bytes(new byte[] {9})))))
                .setMeta(meta())
                .setIndex(17)
                .build();
    }

    private static TransactionStatusMeta meta() {
        return TransactionStatusMeta.newBuilder()
                .setErr(TransactionError.newBuilder().setErr(bytes(ERROR)))
                .setFee(5_000)
                .addAllPreBalances(List.of(1_000_000_000L, 2_000_000L, 1L))
                .addAllPostBalances(List.of(899_995_000L, 102_000_000L, 1L))
                .addInnerInstructions(InnerInstructions.newBuilder().setIndex(1)
                        .addInstructions(InnerInstruction.newBuilder().setProgramIdIndex(2)
                                .setAccounts(bytes(new byte[] {5})).setData(bytes(EVENT_DATA)).setStackHeight(2)))
                .addAllLogMessages(LOGS)
                .addPreTokenBalances(tokenBalance())
                .addPostTokenBalances(tokenBalance())
                .addRewards(Reward.newBuilder().setPubkey("Payer").setLamports(-10).setRewardType(RewardType.Rent))
                .setInnerInstructionsNone(true)
                .setLogMessagesNone(true)
                .addLoadedWritableAddresses(bytes(LOADED_WRITABLE))
                .addLoadedReadonlyAddresses(bytes(LOADED_READONLY))
                .setReturnData(ReturnData.newBuilder().setProgramId(bytes(PUMP)).setData(bytes(new byte[] {1})))
                .setReturnDataNone(true)
                .setComputeUnitsConsumed(41_797)
                .build();
    }

    private static TokenBalance tokenBalance() {
        return TokenBalance.newBuilder()
                .setAccountIndex(1)
                .setMint("Mint1111111111111111111111111111111111111")
                .setUiTokenAmount(UiTokenAmount.newBuilder().setUiAmount(1234.5).setDecimals(6)
                        .setAmount("1234500000").setUiAmountString("1234.5"))
                .setOwner("Owner111111111111111111111111111111111111")
                .setProgramId("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA")
                .build();
    }

    private static ByteString bytes(byte[] value) {
        return ByteString.copyFrom(value);
    }
}
