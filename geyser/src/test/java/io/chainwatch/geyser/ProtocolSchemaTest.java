package io.chainwatch.geyser;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import io.chainwatch.geyser.proto.GeyserGrpc;
import io.chainwatch.geyser.proto.GeyserProtocol;
import io.chainwatch.geyser.proto.storage.SolanaStorageProtocol;
import io.grpc.MethodDescriptor.MethodType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every message, field, enum value and method of the public Yellowstone protocol, transcribed
 * here a second time, independently of our .proto files, and compared with what protoc made of
 * them. A field whose number, type or cardinality differs fails, and so does a field either side
 * has that the other does not.
 */
@Timeout(10)
class ProtocolSchemaTest {

    /** message.field number type cardinality; cardinality is -, optional, repeated, map or oneof:NAME. */
    private static final String FIELDS = """
            geyser.SubscribeRequest.accounts 1 SubscribeRequestFilterAccounts map
            geyser.SubscribeRequest.slots 2 SubscribeRequestFilterSlots map
            geyser.SubscribeRequest.transactions 3 SubscribeRequestFilterTransactions map
            geyser.SubscribeRequest.blocks 4 SubscribeRequestFilterBlocks map
            geyser.SubscribeRequest.blocks_meta 5 SubscribeRequestFilterBlocksMeta map
            geyser.SubscribeRequest.commitment 6 CommitmentLevel optional
            geyser.SubscribeRequest.accounts_data_slice 7 SubscribeRequestAccountsDataSlice repeated
            geyser.SubscribeRequest.entry 8 SubscribeRequestFilterEntry map
            geyser.SubscribeRequest.ping 9 SubscribeRequestPing optional
            geyser.SubscribeRequest.transactions_status 10 SubscribeRequestFilterTransactions map
            geyser.SubscribeRequest.from_slot 11 uint64 optional
            geyser.SubscribeRequestFilterAccounts.account 2 string repeated
            geyser.SubscribeRequestFilterAccounts.owner 3 string repeated
            geyser.SubscribeRequestFilterAccounts.filters 4 SubscribeRequestFilterAccountsFilter repeated
            geyser.SubscribeRequestFilterAccounts.nonempty_txn_signature 5 bool optional
            geyser.SubscribeRequestFilterAccountsFilter.memcmp 1 SubscribeRequestFilterAccountsFilterMemcmp oneof:filter
            geyser.SubscribeRequestFilterAccountsFilter.datasize 2 uint64 oneof:filter
            geyser.SubscribeRequestFilterAccountsFilter.token_account_state 3 bool oneof:filter
            geyser.SubscribeRequestFilterAccountsFilter.lamports 4 SubscribeRequestFilterAccountsFilterLamports oneof:filter
            geyser.SubscribeRequestFilterAccountsFilterMemcmp.offset 1 uint64 -
            geyser.SubscribeRequestFilterAccountsFilterMemcmp.bytes 2 bytes oneof:data
            geyser.SubscribeRequestFilterAccountsFilterMemcmp.base58 3 string oneof:data
            geyser.SubscribeRequestFilterAccountsFilterMemcmp.base64 4 string oneof:data
            geyser.SubscribeRequestFilterAccountsFilterLamports.eq 1 uint64 oneof:cmp
            geyser.SubscribeRequestFilterAccountsFilterLamports.ne 2 uint64 oneof:cmp
            geyser.SubscribeRequestFilterAccountsFilterLamports.lt 3 uint64 oneof:cmp
            geyser.SubscribeRequestFilterAccountsFilterLamports.gt 4 uint64 oneof:cmp
            geyser.SubscribeRequestFilterSlots.filter_by_commitment 1 bool optional
            geyser.SubscribeRequestFilterSlots.interslot_updates 2 bool optional
            geyser.SubscribeRequestFilterTransactions.vote 1 bool optional
            geyser.SubscribeRequestFilterTransactions.failed 2 bool optional
            geyser.SubscribeRequestFilterTransactions.account_include 3 string repeated
            geyser.SubscribeRequestFilterTransactions.account_exclude 4 string repeated
            geyser.SubscribeRequestFilterTransactions.signature 5 string optional
            geyser.SubscribeRequestFilterTransactions.account_required 6 string repeated
            geyser.SubscribeRequestFilterBlocks.account_include 1 string repeated
            geyser.SubscribeRequestFilterBlocks.include_transactions 2 bool optional
            geyser.SubscribeRequestFilterBlocks.include_accounts 3 bool optional
            geyser.SubscribeRequestFilterBlocks.include_entries 4 bool optional
            geyser.SubscribeRequestAccountsDataSlice.offset 1 uint64 -
            geyser.SubscribeRequestAccountsDataSlice.length 2 uint64 -
            geyser.SubscribeRequestPing.id 1 int32 -
            geyser.SubscribeUpdate.filters 1 string repeated
            geyser.SubscribeUpdate.account 2 SubscribeUpdateAccount oneof:update_oneof
            geyser.SubscribeUpdate.slot 3 SubscribeUpdateSlot oneof:update_oneof
            geyser.SubscribeUpdate.transaction 4 SubscribeUpdateTransaction oneof:update_oneof
            geyser.SubscribeUpdate.block 5 SubscribeUpdateBlock oneof:update_oneof
            geyser.SubscribeUpdate.ping 6 SubscribeUpdatePing oneof:update_oneof
            geyser.SubscribeUpdate.block_meta 7 SubscribeUpdateBlockMeta oneof:update_oneof
            geyser.SubscribeUpdate.entry 8 SubscribeUpdateEntry oneof:update_oneof
            geyser.SubscribeUpdate.pong 9 SubscribeUpdatePong oneof:update_oneof
            geyser.SubscribeUpdate.transaction_status 10 SubscribeUpdateTransactionStatus oneof:update_oneof
            geyser.SubscribeUpdate.created_at 11 Timestamp -
            geyser.SubscribeUpdateAccount.account 1 SubscribeUpdateAccountInfo -
            geyser.SubscribeUpdateAccount.slot 2 uint64 -
            geyser.SubscribeUpdateAccount.is_startup 3 bool -
            geyser.SubscribeUpdateAccountInfo.pubkey 1 bytes -
            geyser.SubscribeUpdateAccountInfo.lamports 2 uint64 -
            geyser.SubscribeUpdateAccountInfo.owner 3 bytes -
            geyser.SubscribeUpdateAccountInfo.executable 4 bool -
            geyser.SubscribeUpdateAccountInfo.rent_epoch 5 uint64 -
            geyser.SubscribeUpdateAccountInfo.data 6 bytes -
            geyser.SubscribeUpdateAccountInfo.write_version 7 uint64 -
            geyser.SubscribeUpdateAccountInfo.txn_signature 8 bytes optional
            geyser.SubscribeUpdateSlot.slot 1 uint64 -
            geyser.SubscribeUpdateSlot.parent 2 uint64 optional
            geyser.SubscribeUpdateSlot.status 3 SlotStatus -
            geyser.SubscribeUpdateSlot.dead_error 4 string optional
            geyser.SubscribeUpdateTransaction.transaction 1 SubscribeUpdateTransactionInfo -
            geyser.SubscribeUpdateTransaction.slot 2 uint64 -
            geyser.SubscribeUpdateTransactionInfo.signature 1 bytes -
            geyser.SubscribeUpdateTransactionInfo.is_vote 2 bool -
            geyser.SubscribeUpdateTransactionInfo.transaction 3 Transaction -
            geyser.SubscribeUpdateTransactionInfo.meta 4 TransactionStatusMeta -
            geyser.SubscribeUpdateTransactionInfo.index 5 uint64 -
            geyser.SubscribeUpdateTransactionStatus.slot 1 uint64 -
            geyser.SubscribeUpdateTransactionStatus.signature 2 bytes -
            geyser.SubscribeUpdateTransactionStatus.is_vote 3 bool -
            geyser.SubscribeUpdateTransactionStatus.index 4 uint64 -
            geyser.SubscribeUpdateTransactionStatus.err 5 TransactionError -
            geyser.SubscribeUpdateBlock.slot 1 uint64 -
            geyser.SubscribeUpdateBlock.blockhash 2 string -
            geyser.SubscribeUpdateBlock.rewards 3 Rewards -
            geyser.SubscribeUpdateBlock.block_time 4 UnixTimestamp -
            geyser.SubscribeUpdateBlock.block_height 5 BlockHeight -
            geyser.SubscribeUpdateBlock.transactions 6 SubscribeUpdateTransactionInfo repeated
            geyser.SubscribeUpdateBlock.parent_slot 7 uint64 -
            geyser.SubscribeUpdateBlock.parent_blockhash 8 string -
            geyser.SubscribeUpdateBlock.executed_transaction_count 9 uint64 -
            geyser.SubscribeUpdateBlock.updated_account_count 10 uint64 -
            geyser.SubscribeUpdateBlock.accounts 11 SubscribeUpdateAccountInfo repeated
            geyser.SubscribeUpdateBlock.entries_count 12 uint64 -
            geyser.SubscribeUpdateBlock.entries 13 SubscribeUpdateEntry repeated
            geyser.SubscribeUpdateBlockMeta.slot 1 uint64 -
            geyser.SubscribeUpdateBlockMeta.blockhash 2 string -
            geyser.SubscribeUpdateBlockMeta.rewards 3 Rewards -
            geyser.SubscribeUpdateBlockMeta.block_time 4 UnixTimestamp -
            geyser.SubscribeUpdateBlockMeta.block_height 5 BlockHeight -
            geyser.SubscribeUpdateBlockMeta.parent_slot 6 uint64 -
            geyser.SubscribeUpdateBlockMeta.parent_blockhash 7 string -
            geyser.SubscribeUpdateBlockMeta.executed_transaction_count 8 uint64 -
            geyser.SubscribeUpdateBlockMeta.entries_count 9 uint64 -
            geyser.SubscribeUpdateEntry.slot 1 uint64 -
            geyser.SubscribeUpdateEntry.index 2 uint64 -
            geyser.SubscribeUpdateEntry.num_hashes 3 uint64 -
            geyser.SubscribeUpdateEntry.hash 4 bytes -
            geyser.SubscribeUpdateEntry.executed_transaction_count 5 uint64 -
            geyser.SubscribeUpdateEntry.starting_transaction_index 6 uint64 -
            geyser.SubscribeUpdatePong.id 1 int32 -
            geyser.SubscribeReplayInfoResponse.first_available 1 uint64 optional
            geyser.PingRequest.count 1 int32 -
            geyser.PongResponse.count 1 int32 -
            geyser.GetLatestBlockhashRequest.commitment 1 CommitmentLevel optional
            geyser.GetLatestBlockhashResponse.slot 1 uint64 -
            geyser.GetLatestBlockhashResponse.blockhash 2 string -
            geyser.GetLatestBlockhashResponse.last_valid_block_height 3 uint64 -
            geyser.GetBlockHeightRequest.commitment 1 CommitmentLevel optional
            geyser.GetBlockHeightResponse.block_height 1 uint64 -
            geyser.GetSlotRequest.commitment 1 CommitmentLevel optional
            geyser.GetSlotResponse.slot 1 uint64 -
            geyser.IsBlockhashValidRequest.blockhash 1 string -
            geyser.IsBlockhashValidRequest.commitment 2 CommitmentLevel optional
            geyser.IsBlockhashValidResponse.slot 1 uint64 -
            geyser.IsBlockhashValidResponse.valid 2 bool -
            geyser.GetVersionResponse.version 1 string -
            solana.storage.ConfirmedBlock.ConfirmedBlock.previous_blockhash 1 string -
            solana.storage.ConfirmedBlock.ConfirmedBlock.blockhash 2 string -
            solana.storage.ConfirmedBlock.ConfirmedBlock.parent_slot 3 uint64 -
            solana.storage.ConfirmedBlock.ConfirmedBlock.transactions 4 ConfirmedTransaction repeated
            solana.storage.ConfirmedBlock.ConfirmedBlock.rewards 5 Reward repeated
            solana.storage.ConfirmedBlock.ConfirmedBlock.block_time 6 UnixTimestamp -
            solana.storage.ConfirmedBlock.ConfirmedBlock.block_height 7 BlockHeight -
            solana.storage.ConfirmedBlock.ConfirmedBlock.num_partitions 8 NumPartitions -
            solana.storage.ConfirmedBlock.ConfirmedTransaction.transaction 1 Transaction -
            solana.storage.ConfirmedBlock.ConfirmedTransaction.meta 2 TransactionStatusMeta -
            solana.storage.ConfirmedBlock.Transaction.signatures 1 bytes repeated
            solana.storage.ConfirmedBlock.Transaction.message 2 Message -
            solana.storage.ConfirmedBlock.Message.header 1 MessageHeader -
            solana.storage.ConfirmedBlock.Message.account_keys 2 bytes repeated
            solana.storage.ConfirmedBlock.Message.recent_blockhash 3 bytes -
            solana.storage.ConfirmedBlock.Message.instructions 4 CompiledInstruction repeated
            solana.storage.ConfirmedBlock.Message.versioned 5 bool -
            solana.storage.ConfirmedBlock.Message.address_table_lookups 6 MessageAddressTableLookup repeated
            solana.storage.ConfirmedBlock.MessageHeader.num_required_signatures 1 uint32 -
            solana.storage.ConfirmedBlock.MessageHeader.num_readonly_signed_accounts 2 uint32 -
            solana.storage.ConfirmedBlock.MessageHeader.num_readonly_unsigned_accounts 3 uint32 -
            solana.storage.ConfirmedBlock.MessageAddressTableLookup.account_key 1 bytes -
            solana.storage.ConfirmedBlock.MessageAddressTableLookup.writable_indexes 2 bytes -
            solana.storage.ConfirmedBlock.MessageAddressTableLookup.readonly_indexes 3 bytes -
            solana.storage.ConfirmedBlock.TransactionStatusMeta.err 1 TransactionError -
            solana.storage.ConfirmedBlock.TransactionStatusMeta.fee 2 uint64 -
            solana.storage.ConfirmedBlock.TransactionStatusMeta.pre_balances 3 uint64 repeated
            solana.storage.ConfirmedBlock.TransactionStatusMeta.post_balances 4 uint64 repeated
            solana.storage.ConfirmedBlock.TransactionStatusMeta.inner_instructions 5 InnerInstructions repeated
            solana.storage.ConfirmedBlock.TransactionStatusMeta.log_messages 6 string repeated
            solana.storage.ConfirmedBlock.TransactionStatusMeta.pre_token_balances 7 TokenBalance repeated
            solana.storage.ConfirmedBlock.TransactionStatusMeta.post_token_balances 8 TokenBalance repeated
            solana.storage.ConfirmedBlock.TransactionStatusMeta.rewards 9 Reward repeated
            solana.storage.ConfirmedBlock.TransactionStatusMeta.inner_instructions_none 10 bool -
            solana.storage.ConfirmedBlock.TransactionStatusMeta.log_messages_none 11 bool -
            solana.storage.ConfirmedBlock.TransactionStatusMeta.loaded_writable_addresses 12 bytes repeated
            solana.storage.ConfirmedBlock.TransactionStatusMeta.loaded_readonly_addresses 13 bytes repeated
            solana.storage.ConfirmedBlock.TransactionStatusMeta.return_data 14 ReturnData -
            solana.storage.ConfirmedBlock.TransactionStatusMeta.return_data_none 15 bool -
            solana.storage.ConfirmedBlock.TransactionStatusMeta.compute_units_consumed 16 uint64 optional
            solana.storage.ConfirmedBlock.TransactionError.err 1 bytes -
            solana.storage.ConfirmedBlock.InnerInstructions.index 1 uint32 -
            solana.storage.ConfirmedBlock.InnerInstructions.instructions 2 InnerInstruction repeated
            solana.storage.ConfirmedBlock.InnerInstruction.program_id_index 1 uint32 -
            solana.storage.ConfirmedBlock.InnerInstruction.accounts 2 bytes -
            solana.storage.ConfirmedBlock.InnerInstruction.data 3 bytes -
            solana.storage.ConfirmedBlock.InnerInstruction.stack_height 4 uint32 optional
            solana.storage.ConfirmedBlock.CompiledInstruction.program_id_index 1 uint32 -
            solana.storage.ConfirmedBlock.CompiledInstruction.accounts 2 bytes -
            solana.storage.ConfirmedBlock.CompiledInstruction.data 3 bytes -
            solana.storage.ConfirmedBlock.TokenBalance.account_index 1 uint32 -
            solana.storage.ConfirmedBlock.TokenBalance.mint 2 string -
            solana.storage.ConfirmedBlock.TokenBalance.ui_token_amount 3 UiTokenAmount -
            solana.storage.ConfirmedBlock.TokenBalance.owner 4 string -
            solana.storage.ConfirmedBlock.TokenBalance.program_id 5 string -
            solana.storage.ConfirmedBlock.UiTokenAmount.ui_amount 1 double -
            solana.storage.ConfirmedBlock.UiTokenAmount.decimals 2 uint32 -
            solana.storage.ConfirmedBlock.UiTokenAmount.amount 3 string -
            solana.storage.ConfirmedBlock.UiTokenAmount.ui_amount_string 4 string -
            solana.storage.ConfirmedBlock.ReturnData.program_id 1 bytes -
            solana.storage.ConfirmedBlock.ReturnData.data 2 bytes -
            solana.storage.ConfirmedBlock.Reward.pubkey 1 string -
            solana.storage.ConfirmedBlock.Reward.lamports 2 int64 -
            solana.storage.ConfirmedBlock.Reward.post_balance 3 uint64 -
            solana.storage.ConfirmedBlock.Reward.reward_type 4 RewardType -
            solana.storage.ConfirmedBlock.Reward.commission 5 string -
            solana.storage.ConfirmedBlock.Rewards.rewards 1 Reward repeated
            solana.storage.ConfirmedBlock.Rewards.num_partitions 2 NumPartitions -
            solana.storage.ConfirmedBlock.UnixTimestamp.timestamp 1 int64 -
            solana.storage.ConfirmedBlock.BlockHeight.block_height 1 uint64 -
            solana.storage.ConfirmedBlock.NumPartitions.num_partitions 1 uint64 -
            """;

    /** Messages with no fields at all. */
    private static final List<String> EMPTY_MESSAGES = List.of(
            "geyser.SubscribeRequestFilterBlocksMeta", "geyser.SubscribeRequestFilterEntry",
            "geyser.SubscribeUpdatePing", "geyser.SubscribeReplayInfoRequest", "geyser.GetVersionRequest");

    private static final String ENUMS = """
            geyser.CommitmentLevel PROCESSED=0 CONFIRMED=1 FINALIZED=2
            geyser.SlotStatus SLOT_PROCESSED=0 SLOT_CONFIRMED=1 SLOT_FINALIZED=2 SLOT_FIRST_SHRED_RECEIVED=3 SLOT_COMPLETED=4 SLOT_CREATED_BANK=5 SLOT_DEAD=6
            solana.storage.ConfirmedBlock.RewardType Unspecified=0 Fee=1 Rent=2 Staking=3 Voting=4
            """;

    /** gRPC path, kind, request and response. */
    private static final String METHODS = """
            geyser.Geyser/Subscribe BIDI_STREAMING SubscribeRequest SubscribeUpdate
            geyser.Geyser/SubscribeReplayInfo UNARY SubscribeReplayInfoRequest SubscribeReplayInfoResponse
            geyser.Geyser/Ping UNARY PingRequest PongResponse
            geyser.Geyser/GetLatestBlockhash UNARY GetLatestBlockhashRequest GetLatestBlockhashResponse
            geyser.Geyser/GetBlockHeight UNARY GetBlockHeightRequest GetBlockHeightResponse
            geyser.Geyser/GetSlot UNARY GetSlotRequest GetSlotResponse
            geyser.Geyser/IsBlockhashValid UNARY IsBlockhashValidRequest IsBlockhashValidResponse
            geyser.Geyser/GetVersion UNARY GetVersionRequest GetVersionResponse
            """;

    private static final List<FileDescriptor> FILES =
            List.of(GeyserProtocol.getDescriptor(), SolanaStorageProtocol.getDescriptor());

    @Test
    void everyFieldHasTheProtocolsNumberTypeAndCardinality() {
        Map<String, String> expected = new TreeMap<>();
        FIELDS.lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(line -> {
            int space = line.indexOf(' ');
            assertThat(expected.put(line.substring(0, space), line.substring(space + 1))).as(line).isNull();
        });
        Map<String, String> actual = new TreeMap<>();
        for (Descriptor message : allMessages()) {
            for (FieldDescriptor field : message.getFields()) {
                actual.put(field.getFullName(), field.getNumber() + " " + typeOf(field) + " " + cardinalityOf(field));
            }
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void theMessageSetIsExactlyTheProtocols() {
        List<String> expected = new ArrayList<>(EMPTY_MESSAGES);
        FIELDS.lines().map(String::strip).filter(line -> !line.isEmpty())
                .map(line -> line.substring(0, line.substring(0, line.indexOf(' ')).lastIndexOf('.')))
                .distinct().forEach(expected::add);
        List<String> actual = allMessages().stream().map(Descriptor::getFullName).toList();
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        for (String empty : EMPTY_MESSAGES) {
            assertThat(allMessages().stream().filter(m -> m.getFullName().equals(empty)).findFirst().orElseThrow()
                    .getFields()).as(empty).isEmpty();
        }
    }

    @Test
    void enumValuesHaveTheProtocolsNumbers() {
        Map<String, String> expected = new TreeMap<>();
        ENUMS.lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(line -> {
            int space = line.indexOf(' ');
            expected.put(line.substring(0, space), line.substring(space + 1));
        });
        Map<String, String> actual = new TreeMap<>();
        for (FileDescriptor file : FILES) {
            for (EnumDescriptor type : file.getEnumTypes()) {
                List<String> values = new ArrayList<>();
                for (EnumValueDescriptor value : type.getValues()) {
                    values.add(value.getName() + "=" + value.getNumber());
                }
                actual.put(type.getFullName(), String.join(" ", values));
            }
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void serviceMethodsHaveTheProtocolsPathsKindsAndTypes() {
        Map<String, String> expected = new LinkedHashMap<>();
        METHODS.lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(line -> {
            int space = line.indexOf(' ');
            expected.put(line.substring(0, space), line.substring(space + 1));
        });
        Map<String, String> actual = new LinkedHashMap<>();
        for (io.grpc.MethodDescriptor<?, ?> method : GeyserGrpc.getServiceDescriptor().getMethods()) {
            MethodDescriptor proto = GeyserProtocol.getDescriptor().findServiceByName("Geyser")
                    .findMethodByName(method.getBareMethodName());
            actual.put(method.getFullMethodName(), method.getType() + " " + proto.getInputType().getName()
                    + " " + proto.getOutputType().getName());
        }
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(GeyserGrpc.getSubscribeMethod().getType()).isEqualTo(MethodType.BIDI_STREAMING);
        assertThat(GeyserGrpc.getSubscribeMethod().getFullMethodName()).isEqualTo("geyser.Geyser/Subscribe");
    }

    private static List<Descriptor> allMessages() {
        List<Descriptor> messages = new ArrayList<>();
        for (FileDescriptor file : FILES) {
            for (Descriptor message : file.getMessageTypes()) {
                addWithNested(message, messages);
            }
        }
        return messages;
    }

    private static void addWithNested(Descriptor message, List<Descriptor> into) {
        if (message.getOptions().getMapEntry()) {
            return; // the synthetic entry type of a map field; checked through the map field
        }
        into.add(message);
        for (Descriptor nested : message.getNestedTypes()) {
            addWithNested(nested, into);
        }
    }

    private static String typeOf(FieldDescriptor field) {
        FieldDescriptor value = field.isMapField() ? field.getMessageType().findFieldByName("value") : field;
        if (field.isMapField()) {
            assertThat(field.getMessageType().findFieldByName("key").getType())
                    .as("key of %s", field.getFullName()).isEqualTo(FieldDescriptor.Type.STRING);
        }
        return switch (value.getJavaType()) {
            case MESSAGE -> value.getMessageType().getName();
            case ENUM -> value.getEnumType().getName();
            default -> value.getType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String cardinalityOf(FieldDescriptor field) {
        if (field.isMapField()) {
            return "map";
        }
        if (field.isRepeated()) {
            return "repeated";
        }
        if (field.getRealContainingOneof() != null) {
            return "oneof:" + field.getRealContainingOneof().getName();
        }
        if (field.getContainingOneof() != null) {
            return "optional"; // proto3 `optional`: a synthetic one-field oneof, i.e. presence on the wire
        }
        return "-";
    }
}
