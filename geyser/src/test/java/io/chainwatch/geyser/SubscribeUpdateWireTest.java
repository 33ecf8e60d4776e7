package io.chainwatch.geyser;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.chainwatch.geyser.proto.SlotStatus;
import io.chainwatch.geyser.proto.SubscribeUpdate;
import io.chainwatch.geyser.proto.SubscribeUpdateAccount;
import io.chainwatch.geyser.proto.SubscribeUpdateAccountInfo;
import io.chainwatch.geyser.proto.SubscribeUpdateBlock;
import io.chainwatch.geyser.proto.SubscribeUpdateBlockMeta;
import io.chainwatch.geyser.proto.SubscribeUpdateEntry;
import io.chainwatch.geyser.proto.SubscribeUpdatePing;
import io.chainwatch.geyser.proto.SubscribeUpdatePong;
import io.chainwatch.geyser.proto.SubscribeUpdateSlot;
import io.chainwatch.geyser.proto.SubscribeUpdateTransactionInfo;
import io.chainwatch.geyser.proto.SubscribeUpdateTransactionStatus;
import io.chainwatch.geyser.proto.storage.BlockHeight;
import io.chainwatch.geyser.proto.storage.NumPartitions;
import io.chainwatch.geyser.proto.storage.Reward;
import io.chainwatch.geyser.proto.storage.RewardType;
import io.chainwatch.geyser.proto.storage.Rewards;
import io.chainwatch.geyser.proto.storage.TransactionError;
import io.chainwatch.geyser.proto.storage.UnixTimestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HexFormat;

import static io.chainwatch.geyser.WireAssertions.assertNoUnknownFields;
import static io.chainwatch.geyser.WireAssertions.assertSameWire;
import static io.chainwatch.geyser.WireAssertions.hex;
import static io.chainwatch.geyser.WireAssertions.parse;
import static io.chainwatch.geyser.WireWriter.message;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What servers send: every case of SubscribeUpdate's oneof, with its payload, against the public
 * protocol's numbers written down here by hand. The transaction payload is covered in
 * {@link TransactionUpdateWireTest}.
 */
@Timeout(10)
class SubscribeUpdateWireTest {
    private static final byte[] KEY_A = filled(32, 0xA1);
    private static final byte[] KEY_B = filled(32, 0xB2);
    private static final byte[] SIGNATURE = filled(64, 0x5C);

    @Test
    void deadSlotUpdateFromHandWrittenBytes() {
        // filters "slots"; slot (field 3) {slot 1000, parent 999, status 6 = DEAD, dead_error "x"};
        // created_at (field 11) {seconds 1}.
        byte[] wire = HexFormat.of().parseHex("0a05736c6f7473" + "1a0b" + "08e807" + "10e707" + "1806" + "220178" + "5a020801");
        SubscribeUpdate update = parse(SubscribeUpdate.parser(), wire);
        assertNoUnknownFields(update);
        assertThat(update.getFiltersList()).containsExactly("slots");
        assertThat(update.getUpdateOneofCase()).isEqualTo(SubscribeUpdate.UpdateOneofCase.SLOT);
        assertThat(update.getSlot().getSlot()).isEqualTo(1000);
        assertThat(update.getSlot().getParent()).isEqualTo(999);
        assertThat(update.getSlot().getStatus()).isEqualTo(SlotStatus.SLOT_DEAD);
        assertThat(update.getSlot().getDeadError()).isEqualTo("x");
        assertThat(update.getCreatedAt().getSeconds()).isEqualTo(1);
    }

    @Test
    void slotStatusNumbersAreThoseOfTheProtocol() {
        String[] names = {"SLOT_PROCESSED", "SLOT_CONFIRMED", "SLOT_FINALIZED", "SLOT_FIRST_SHRED_RECEIVED",
                "SLOT_COMPLETED", "SLOT_CREATED_BANK", "SLOT_DEAD"};
        for (int number = 0; number < names.length; number++) {
            SubscribeUpdateSlot slot = parse(SubscribeUpdateSlot.parser(), message().varint(3, number).toByteArray());
            assertThat(slot.getStatus().name()).as("status %d", number).isEqualTo(names[number]);
        }
        assertThat(SlotStatus.values()).hasSize(names.length + 1); // + UNRECOGNIZED
    }

    @Test
    void slotUpdateEncodesSlotParentStatusAndDeadError() {
        SubscribeUpdate built = SubscribeUpdate.newBuilder()
                .setSlot(SubscribeUpdateSlot.newBuilder().setSlot(5).setParent(4).setStatus(SlotStatus.SLOT_FINALIZED))
                .build();
        assertThat(hex(built.toByteArray())).isEqualTo("1a06" + "0805" + "1004" + "1802");
        assertSameWire(message().varint(1, 7).varint(2, 6).varint(3, 6).string(4, "bank dead"),
                SubscribeUpdateSlot.newBuilder().setSlot(7).setParent(6).setStatus(SlotStatus.SLOT_DEAD)
                        .setDeadError("bank dead").build(),
                SubscribeUpdateSlot.parser());
    }

    @Test
    void pingIsField6AndPongIsField9() {
        SubscribeUpdate ping = parse(SubscribeUpdate.parser(), HexFormat.of().parseHex("3200"));
        assertThat(ping.getUpdateOneofCase()).isEqualTo(SubscribeUpdate.UpdateOneofCase.PING);
        SubscribeUpdate pong = parse(SubscribeUpdate.parser(), HexFormat.of().parseHex("4a020807"));
        assertThat(pong.getUpdateOneofCase()).isEqualTo(SubscribeUpdate.UpdateOneofCase.PONG);
        assertThat(pong.getPong().getId()).isEqualTo(7);
        assertThat(hex(SubscribeUpdate.newBuilder().setPing(SubscribeUpdatePing.getDefaultInstance()).build().toByteArray()))
                .isEqualTo("3200");
        assertThat(hex(SubscribeUpdate.newBuilder().setPong(SubscribeUpdatePong.newBuilder().setId(7)).build().toByteArray()))
                .isEqualTo("4a020807");
    }

    @Test
    void blockMetaFieldsMatchTheProtocol() {
        WireWriter wire = message()
                .string(1, "meta")                                              // filters
                .message(7, message()                                           // block_meta
                        .varint(1, 2000)                                        //   slot
                        .string(2, "Hash2000")                                  //   blockhash
                        .message(3, rewardsWire())                              //   rewards
                        .message(4, message().varint(1, 1_700_000_000L))        //   block_time
                        .message(5, message().varint(1, 1900))                  //   block_height
                        .varint(6, 1999)                                        //   parent_slot
                        .string(7, "Hash1999")                                  //   parent_blockhash
                        .varint(8, 1234)                                        //   executed_transaction_count
                        .varint(9, 56))                                         //   entries_count
                .message(11, message().varint(1, 1_700_000_001L).varint(2, 5)); // created_at
        SubscribeUpdate built = SubscribeUpdate.newBuilder()
                .addFilters("meta")
                .setBlockMeta(SubscribeUpdateBlockMeta.newBuilder()
                        .setSlot(2000).setBlockhash("Hash2000").setRewards(rewards())
                        .setBlockTime(UnixTimestamp.newBuilder().setTimestamp(1_700_000_000L))
                        .setBlockHeight(BlockHeight.newBuilder().setBlockHeight(1900))
                        .setParentSlot(1999).setParentBlockhash("Hash1999")
                        .setExecutedTransactionCount(1234).setEntriesCount(56))
                .setCreatedAt(Timestamp.newBuilder().setSeconds(1_700_000_001L).setNanos(5))
                .build();
        assertSameWire(wire, built, SubscribeUpdate.parser());
    }

    @Test
    void blockFieldsMatchTheProtocolAndDifferFromBlockMetaAfterField5() {
        WireWriter wire = message()
                .message(5, message()                                       // block
                        .varint(1, 2000)                                    //   slot
                        .string(2, "Hash2000")                              //   blockhash
                        .message(3, rewardsWire())                          //   rewards
                        .message(4, message().varint(1, 1_700_000_000L))    //   block_time
                        .message(5, message().varint(1, 1900))              //   block_height
                        .message(6, message().bytes(1, SIGNATURE).varint(5, 3)) // transactions
                        .varint(7, 1999)                                    //   parent_slot
                        .string(8, "Hash1999")                              //   parent_blockhash
                        .varint(9, 1)                                       //   executed_transaction_count
                        .varint(10, 1)                                      //   updated_account_count
                        .message(11, message().bytes(1, KEY_A).varint(2, 10)) // accounts
                        .varint(12, 1)                                      //   entries_count
                        .message(13, message().varint(1, 2000).varint(2, 1))); // entries
        SubscribeUpdate built = SubscribeUpdate.newBuilder()
                .setBlock(SubscribeUpdateBlock.newBuilder()
                        .setSlot(2000).setBlockhash("Hash2000").setRewards(rewards())
                        .setBlockTime(UnixTimestamp.newBuilder().setTimestamp(1_700_000_000L))
                        .setBlockHeight(BlockHeight.newBuilder().setBlockHeight(1900))
                        .addTransactions(SubscribeUpdateTransactionInfo.newBuilder()
                                .setSignature(ByteString.copyFrom(SIGNATURE)).setIndex(3))
                        .setParentSlot(1999).setParentBlockhash("Hash1999").setExecutedTransactionCount(1)
                        .setUpdatedAccountCount(1)
                        .addAccounts(SubscribeUpdateAccountInfo.newBuilder().setPubkey(ByteString.copyFrom(KEY_A)).setLamports(10))
                        // entries_count and entries clash in Java (getEntriesCount): protoc adds the numbers.
                        .setEntriesCount12(1)
                        .addEntries13(SubscribeUpdateEntry.newBuilder().setSlot(2000).setIndex(1)))
                .build();
        assertSameWire(wire, built, SubscribeUpdate.parser());
    }

    @Test
    void accountUpdateFieldsMatchTheProtocol() {
        byte[] data = {0x17, (byte) 0xB7, (byte) 0xF8, 0x37, 0x60, (byte) 0xD8, (byte) 0xAC, 0x60};
        WireWriter wire = message()
                .string(1, "curves")
                .message(2, message()                                   // account
                        .message(1, message()                           //   account info
                                .bytes(1, KEY_A)                        //     pubkey
                                .varint(2, 1_461_600)                   //     lamports
                                .bytes(3, KEY_B)                        //     owner
                                .bool(4, true)                          //     executable
                                .varint(5, 361)                         //     rent_epoch
                                .bytes(6, data)                         //     data
                                .varint(7, 987_654_321L)                //     write_version
                                .bytes(8, SIGNATURE))                   //     txn_signature
                        .varint(2, 3000)                                //   slot
                        .bool(3, true));                                //   is_startup
        SubscribeUpdate built = SubscribeUpdate.newBuilder()
                .addFilters("curves")
                .setAccount(SubscribeUpdateAccount.newBuilder()
                        .setAccount(SubscribeUpdateAccountInfo.newBuilder()
                                .setPubkey(ByteString.copyFrom(KEY_A)).setLamports(1_461_600)
                                .setOwner(ByteString.copyFrom(KEY_B)).setExecutable(true).setRentEpoch(361)
                                .setData(ByteString.copyFrom(data)).setWriteVersion(987_654_321L)
                                .setTxnSignature(ByteString.copyFrom(SIGNATURE)))
                        .setSlot(3000).setIsStartup(true))
                .build();
        assertSameWire(wire, built, SubscribeUpdate.parser());
    }

    @Test
    void transactionStatusAndEntryFieldsMatchTheProtocol() {
        byte[] err = {8, 0, 0, 0, 1, 0, 0, 0};
        WireWriter status = message().message(10, message()            // transaction_status
                .varint(1, 4000)                                       //   slot
                .bytes(2, SIGNATURE)                                   //   signature
                .bool(3, true)                                         //   is_vote
                .varint(4, 12)                                         //   index
                .message(5, message().bytes(1, err)));                 //   err
        assertSameWire(status, SubscribeUpdate.newBuilder()
                .setTransactionStatus(SubscribeUpdateTransactionStatus.newBuilder()
                        .setSlot(4000).setSignature(ByteString.copyFrom(SIGNATURE)).setIsVote(true).setIndex(12)
                        .setErr(TransactionError.newBuilder().setErr(ByteString.copyFrom(err))))
                .build(), SubscribeUpdate.parser());

        WireWriter entry = message().message(8, message()              // entry
                .varint(1, 4000)                                       //   slot
                .varint(2, 3)                                          //   index
                .varint(3, 12_500)                                     //   num_hashes
                .bytes(4, KEY_B)                                       //   hash
                .varint(5, 64)                                         //   executed_transaction_count
                .varint(6, 192));                                      //   starting_transaction_index
        assertSameWire(entry, SubscribeUpdate.newBuilder()
                .setEntry(SubscribeUpdateEntry.newBuilder()
                        .setSlot(4000).setIndex(3).setNumHashes(12_500).setHash(ByteString.copyFrom(KEY_B))
                        .setExecutedTransactionCount(64).setStartingTransactionIndex(192))
                .build(), SubscribeUpdate.parser());
    }

    private static WireWriter rewardsWire() {
        return message()
                .message(1, message()
                        .string(1, "Validator1111111111111111111111111111111111")  // pubkey
                        .varint(2, -2_039_280)                                     // lamports: int64, not zigzag
                        .varint(3, 1_000_005_000L)                                 // post_balance
                        .varint(4, 1)                                              // reward_type Fee
                        .string(5, "10"))                                          // commission
                .message(2, message().varint(1, 4));                               // num_partitions
    }

    private static Rewards rewards() {
        return Rewards.newBuilder()
                .addRewards(Reward.newBuilder().setPubkey("Validator1111111111111111111111111111111111")
                        .setLamports(-2_039_280).setPostBalance(1_000_005_000L).setRewardType(RewardType.Fee).setCommission("10"))
                .setNumPartitions(NumPartitions.newBuilder().setNumPartitions(4))
                .build();
    }

    static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
