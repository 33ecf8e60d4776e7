package io.chainwatch.geyser;

import io.chainwatch.geyser.proto.CommitmentLevel;
import io.chainwatch.geyser.proto.SubscribeRequest;
import io.chainwatch.geyser.proto.SubscribeRequestAccountsDataSlice;
import io.chainwatch.geyser.proto.SubscribeRequestFilterAccounts;
import io.chainwatch.geyser.proto.SubscribeRequestFilterAccountsFilter;
import io.chainwatch.geyser.proto.SubscribeRequestFilterAccountsFilterLamports;
import io.chainwatch.geyser.proto.SubscribeRequestFilterAccountsFilterMemcmp;
import io.chainwatch.geyser.proto.SubscribeRequestFilterBlocks;
import io.chainwatch.geyser.proto.SubscribeRequestFilterBlocksMeta;
import io.chainwatch.geyser.proto.SubscribeRequestFilterEntry;
import io.chainwatch.geyser.proto.SubscribeRequestFilterSlots;
import io.chainwatch.geyser.proto.SubscribeRequestFilterTransactions;
import io.chainwatch.geyser.proto.SubscribeRequestPing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.chainwatch.geyser.WireAssertions.assertSameWire;
import static io.chainwatch.geyser.WireAssertions.hex;
import static io.chainwatch.geyser.WireWriter.message;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What we send: SubscribeRequest and its filters against the public protocol's field numbers,
 * written down here independently of our .proto (numbers as comments name them upstream).
 */
@Timeout(10)
class SubscribeRequestWireTest {
    private static final String PUMP = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";
    private static final String VOTE = "Vote111111111111111111111111111111111111111";

    @Test
    void fromSlotIsVarintField11() {
        // tag (11 << 3 | 0) = 0x58, then 300 as a varint: ac 02.
        SubscribeRequest request = SubscribeRequest.newBuilder().setFromSlot(300).build();
        assertThat(hex(request.toByteArray())).isEqualTo("58ac02");
    }

    @Test
    void fromSlotZeroIsSentBecauseTheFieldHasPresence() {
        // "replay from slot 0" must not be confused with "no replay".
        SubscribeRequest request = SubscribeRequest.newBuilder().setFromSlot(0).build();
        assertThat(hex(request.toByteArray())).isEqualTo("5800");
    }

    @Test
    void commitmentIsField6AndProcessedIsStillSent() {
        assertThat(hex(SubscribeRequest.newBuilder().setCommitment(CommitmentLevel.PROCESSED).build().toByteArray()))
                .isEqualTo("3000");
        assertThat(hex(SubscribeRequest.newBuilder().setCommitment(CommitmentLevel.CONFIRMED).build().toByteArray()))
                .isEqualTo("3001");
        assertThat(hex(SubscribeRequest.newBuilder().setCommitment(CommitmentLevel.FINALIZED).build().toByteArray()))
                .isEqualTo("3002");
    }

    @Test
    void pingIsField9WithIdInField1() {
        SubscribeRequest request = SubscribeRequest.newBuilder()
                .setPing(SubscribeRequestPing.newBuilder().setId(7))
                .build();
        assertThat(hex(request.toByteArray())).isEqualTo("4a020807");
    }

    @Test
    void slotFilterIsAMapEntryOfField2() {
        SubscribeRequest request = SubscribeRequest.newBuilder()
                .putSlots("s", SubscribeRequestFilterSlots.newBuilder().setFilterByCommitment(true).build())
                .build();
        // 12 07: field 2, 7 bytes; 0a 01 73: key "s"; 12 02 08 01: value {filter_by_commitment = true}.
        assertThat(hex(request.toByteArray())).isEqualTo("1207" + "0a0173" + "12020801");
    }

    @Test
    void eachKindOfFilterHasItsOwnFieldNumber() {
        assertThat(firstTag(SubscribeRequest.newBuilder()
                .putAccounts("a", SubscribeRequestFilterAccounts.getDefaultInstance()))).isEqualTo(1 << 3 | 2);
        assertThat(firstTag(SubscribeRequest.newBuilder()
                .putSlots("a", SubscribeRequestFilterSlots.getDefaultInstance()))).isEqualTo(2 << 3 | 2);
        assertThat(firstTag(SubscribeRequest.newBuilder()
                .putTransactions("a", SubscribeRequestFilterTransactions.getDefaultInstance()))).isEqualTo(3 << 3 | 2);
        assertThat(firstTag(SubscribeRequest.newBuilder()
                .putBlocks("a", SubscribeRequestFilterBlocks.getDefaultInstance()))).isEqualTo(4 << 3 | 2);
        assertThat(firstTag(SubscribeRequest.newBuilder()
                .putBlocksMeta("a", SubscribeRequestFilterBlocksMeta.getDefaultInstance()))).isEqualTo(5 << 3 | 2);
        assertThat(firstTag(SubscribeRequest.newBuilder()
                .addAccountsDataSlice(SubscribeRequestAccountsDataSlice.getDefaultInstance()))).isEqualTo(7 << 3 | 2);
        assertThat(firstTag(SubscribeRequest.newBuilder()
                .putEntry("a", SubscribeRequestFilterEntry.getDefaultInstance()))).isEqualTo(8 << 3 | 2);
        assertThat(firstTag(SubscribeRequest.newBuilder()
                .putTransactionsStatus("a", SubscribeRequestFilterTransactions.getDefaultInstance()))).isEqualTo(10 << 3 | 2);
    }

    @Test
    void transactionFilterFieldsMatchTheProtocol() {
        WireWriter wire = message()
                .bool(1, false)                 // vote (presence: false is sent)
                .bool(2, false)                 // failed
                .string(3, PUMP)                // account_include
                .string(4, VOTE)                // account_exclude
                .string(5, "5sig")              // signature
                .string(6, PUMP);               // account_required
        SubscribeRequestFilterTransactions built = SubscribeRequestFilterTransactions.newBuilder()
                .setVote(false)
                .setFailed(false)
                .addAccountInclude(PUMP)
                .addAccountExclude(VOTE)
                .setSignature("5sig")
                .addAccountRequired(PUMP)
                .build();
        assertSameWire(wire, built, SubscribeRequestFilterTransactions.parser());
    }

    @Test
    void accountFilterFieldsMatchTheProtocol() {
        WireWriter wire = message()
                .string(2, "BondingCurve1111111111111111111111111111111")   // account
                .string(3, PUMP)                                               // owner
                .message(4, message().message(1, message()                     // filters: memcmp
                        // offset 0 is proto3's default for a field without presence: not sent
                        .string(3, "xyz")))                                    //   base58
                .message(4, message().varint(2, 151))                          // filters: datasize
                .message(4, message().bool(3, true))                           // filters: token_account_state
                .message(4, message().message(4, message().varint(4, 1_000)))  // filters: lamports gt
                .bool(5, true);                                                // nonempty_txn_signature
        SubscribeRequestFilterAccounts built = SubscribeRequestFilterAccounts.newBuilder()
                .addAccount("BondingCurve1111111111111111111111111111111")
                .addOwner(PUMP)
                .addFilters(SubscribeRequestFilterAccountsFilter.newBuilder().setMemcmp(
                        SubscribeRequestFilterAccountsFilterMemcmp.newBuilder().setOffset(0).setBase58("xyz")))
                .addFilters(SubscribeRequestFilterAccountsFilter.newBuilder().setDatasize(151))
                .addFilters(SubscribeRequestFilterAccountsFilter.newBuilder().setTokenAccountState(true))
                .addFilters(SubscribeRequestFilterAccountsFilter.newBuilder().setLamports(
                        SubscribeRequestFilterAccountsFilterLamports.newBuilder().setGt(1_000)))
                .setNonemptyTxnSignature(true)
                .build();
        assertSameWire(wire, built, SubscribeRequestFilterAccounts.parser());
    }

    @Test
    void memcmpAndLamportsAlternativesMatchTheProtocol() {
        assertSameWire(message().varint(1, 8).bytes(2, new byte[] {1, 2}),
                SubscribeRequestFilterAccountsFilterMemcmp.newBuilder()
                        .setOffset(8).setBytes(com.google.protobuf.ByteString.copyFrom(new byte[] {1, 2})).build(),
                SubscribeRequestFilterAccountsFilterMemcmp.parser());
        assertSameWire(message().varint(1, 8).string(4, "AQI="),
                SubscribeRequestFilterAccountsFilterMemcmp.newBuilder().setOffset(8).setBase64("AQI=").build(),
                SubscribeRequestFilterAccountsFilterMemcmp.parser());
        assertSameWire(message().varint(1, 5), SubscribeRequestFilterAccountsFilterLamports.newBuilder().setEq(5).build(),
                SubscribeRequestFilterAccountsFilterLamports.parser());
        assertSameWire(message().varint(2, 5), SubscribeRequestFilterAccountsFilterLamports.newBuilder().setNe(5).build(),
                SubscribeRequestFilterAccountsFilterLamports.parser());
        assertSameWire(message().varint(3, 5), SubscribeRequestFilterAccountsFilterLamports.newBuilder().setLt(5).build(),
                SubscribeRequestFilterAccountsFilterLamports.parser());
    }

    @Test
    void slotBlockAndSliceFieldsMatchTheProtocol() {
        assertSameWire(message().bool(1, true).bool(2, true),
                SubscribeRequestFilterSlots.newBuilder().setFilterByCommitment(true).setInterslotUpdates(true).build(),
                SubscribeRequestFilterSlots.parser());
        assertSameWire(message().string(1, PUMP).bool(2, true).bool(3, false).bool(4, true),
                SubscribeRequestFilterBlocks.newBuilder().addAccountInclude(PUMP).setIncludeTransactions(true)
                        .setIncludeAccounts(false).setIncludeEntries(true).build(),
                SubscribeRequestFilterBlocks.parser());
        assertSameWire(message().varint(1, 8).varint(2, 73),
                SubscribeRequestAccountsDataSlice.newBuilder().setOffset(8).setLength(73).build(),
                SubscribeRequestAccountsDataSlice.parser());
    }

    @Test
    void aWholeRequestAsAnotherClientSendsItParsesWithNothingUnknown() {
        // The subscription the bonding-curve monitor makes, field by field in ascending number.
        WireWriter wire = message()
                .mapEntry(1, "curves", message().string(3, PUMP))                       // accounts
                .mapEntry(2, "slots", message().bool(1, true))                          // slots
                .mapEntry(3, "pump", message().bool(1, false).bool(2, false).string(3, PUMP)) // transactions
                .mapEntry(5, "meta", message())                                          // blocks_meta
                .varint(6, 1)                                                            // commitment CONFIRMED
                .message(7, message().varint(2, 81))                                     // accounts_data_slice, offset 0
                .varint(11, 123_456_789L);                                               // from_slot
        SubscribeRequest built = SubscribeRequest.newBuilder()
                .putAccounts("curves", SubscribeRequestFilterAccounts.newBuilder().addOwner(PUMP).build())
                .putSlots("slots", SubscribeRequestFilterSlots.newBuilder().setFilterByCommitment(true).build())
                .putTransactions("pump", SubscribeRequestFilterTransactions.newBuilder()
                        .setVote(false).setFailed(false).addAccountInclude(PUMP).build())
                .putBlocksMeta("meta", SubscribeRequestFilterBlocksMeta.getDefaultInstance())
                .setCommitment(CommitmentLevel.CONFIRMED)
                .addAccountsDataSlice(SubscribeRequestAccountsDataSlice.newBuilder().setOffset(0).setLength(81))
                .setFromSlot(123_456_789L)
                .build();
        SubscribeRequest parsed = assertSameWire(wire, built, SubscribeRequest.parser());
        assertThat(parsed.getTransactionsOrThrow("pump").getAccountIncludeList()).containsExactly(PUMP);
        assertThat(parsed.hasFromSlot()).isTrue();
        assertThat(parsed.getFromSlot()).isEqualTo(123_456_789L);
    }

    private static int firstTag(SubscribeRequest.Builder request) {
        return request.build().toByteArray()[0] & 0xFF;
    }
}
