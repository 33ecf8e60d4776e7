package io.chainwatch.sim.solana.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnsafeByteOperations;
import io.chainwatch.geyser.proto.SlotStatus;
import io.chainwatch.geyser.proto.SubscribeUpdateAccountInfo;
import io.chainwatch.geyser.proto.SubscribeUpdateBlock;
import io.chainwatch.geyser.proto.SubscribeUpdateBlockMeta;
import io.chainwatch.geyser.proto.SubscribeUpdateSlot;
import io.chainwatch.geyser.proto.SubscribeUpdateTransactionInfo;
import io.chainwatch.geyser.proto.SubscribeUpdateTransactionStatus;
import io.chainwatch.geyser.proto.storage.BlockHeight;
import io.chainwatch.geyser.proto.storage.CompiledInstruction;
import io.chainwatch.geyser.proto.storage.InnerInstruction;
import io.chainwatch.geyser.proto.storage.InnerInstructions;
import io.chainwatch.geyser.proto.storage.Message;
import io.chainwatch.geyser.proto.storage.MessageHeader;
import io.chainwatch.geyser.proto.storage.Reward;
import io.chainwatch.geyser.proto.storage.RewardType;
import io.chainwatch.geyser.proto.storage.Rewards;
import io.chainwatch.geyser.proto.storage.Transaction;
import io.chainwatch.geyser.proto.storage.TransactionError;
import io.chainwatch.geyser.proto.storage.TransactionStatusMeta;
import io.chainwatch.geyser.proto.storage.UiTokenAmount;
import io.chainwatch.sim.solana.Commitment;
import io.chainwatch.sim.solana.Pubkey;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the simulator's blocks, transactions and account writes as the Yellowstone messages and
 * the {@code solana.storage.ConfirmedBlock} messages they embed, with the contents getBlock serves:
 * the same signatures, keys, instructions, balances, logs and errors. Keys, signatures and data
 * travel as raw bytes. Stateless.
 *
 * <p>The simulator's byte arrays (signatures, instruction data, account data) are never written
 * after construction, so they are wrapped, not copied.
 */
final class GeyserEncoding {
    /** Write versions are the slot shifted by this many bits plus the write's place in the block. */
    static final int WRITE_VERSION_SLOT_SHIFT = 12;
    private static final int TRANSACTION_ERROR_INSTRUCTION_ERROR = 8;
    private static final int INSTRUCTION_ERROR_CUSTOM = 25;
    private static final Pattern INSTRUCTION_CUSTOM = Pattern.compile("\\{\"InstructionError\":\\[(\\d{1,3}),\\{\"Custom\":(\\d{1,10})}]}");

    private GeyserEncoding() {
    }

    static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    static SlotStatus status(Commitment level) {
        return switch (level) {
            case PROCESSED -> SlotStatus.SLOT_PROCESSED;
            case CONFIRMED -> SlotStatus.SLOT_CONFIRMED;
            case FINALIZED -> SlotStatus.SLOT_FINALIZED;
        };
    }

    static SubscribeUpdateSlot slot(SolBlock b, Commitment level) {
        return SubscribeUpdateSlot.newBuilder().setSlot(b.slot()).setParent(b.parentSlot()).setStatus(status(level)).build();
    }

    static SubscribeUpdateSlot dead(GeyserEvent.Dead d) {
        return SubscribeUpdateSlot.newBuilder().setSlot(d.slot()).setParent(d.block().parentSlot()).setStatus(SlotStatus.SLOT_DEAD)
                .setDeadError(d.error()).build();
    }

    // ---- transactions -----------------------------------------------------------------------------

    /** A transaction at {@code index} of its block, with its status meta. */
    static SubscribeUpdateTransactionInfo transaction(SolTx t, int index) {
        return SubscribeUpdateTransactionInfo.newBuilder()
                .setSignature(wrap(t.signatures().getFirst()))
                .setIsVote(false) // the simulator makes no vote transactions
                .setTransaction(wireTransaction(t))
                .setMeta(meta(t))
                .setIndex(index)
                .build();
    }

    static SubscribeUpdateTransactionStatus transactionStatus(long slot, SolTx t, int index) {
        SubscribeUpdateTransactionStatus.Builder s = SubscribeUpdateTransactionStatus.newBuilder()
                .setSlot(slot).setSignature(wrap(t.signatures().getFirst())).setIsVote(false).setIndex(index);
        if (t.failed()) {
            s.setErr(error(t.errJson()));
        }
        return s.build();
    }

    static Transaction wireTransaction(SolTx t) {
        Message.Builder m = Message.newBuilder()
                .setHeader(MessageHeader.newBuilder().setNumRequiredSignatures(t.numRequiredSignatures())
                        .setNumReadonlySignedAccounts(t.numReadonlySigned()).setNumReadonlyUnsignedAccounts(t.numReadonlyUnsigned()))
                .setRecentBlockhash(key(t.recentBlockhash()))
                .setVersioned(t.version() >= 0); // a v0 message without address table lookups
        for (Pubkey k : t.accountKeys()) {
            m.addAccountKeys(key(k));
        }
        for (CompiledIx ix : t.instructions()) {
            m.addInstructions(CompiledInstruction.newBuilder().setProgramIdIndex(ix.programIdIndex()).setAccounts(wrap(ix.accounts()))
                    .setData(wrap(ix.data())));
        }
        Transaction.Builder tx = Transaction.newBuilder().setMessage(m);
        for (byte[] s : t.signatures()) {
            tx.addSignatures(wrap(s));
        }
        return tx.build();
    }

    /** The status meta, as Agave converts it: no return data, inner instructions and logs recorded. */
    static TransactionStatusMeta meta(SolTx t) {
        TransactionStatusMeta.Builder m = TransactionStatusMeta.newBuilder()
                .setFee(t.fee())
                .addAllLogMessages(t.logs())
                .setReturnDataNone(true)
                .setComputeUnitsConsumed(t.computeUnitsConsumed());
        if (t.failed()) {
            m.setErr(error(t.errJson()));
        }
        for (long b : t.preBalances()) {
            m.addPreBalances(b);
        }
        for (long b : t.postBalances()) {
            m.addPostBalances(b);
        }
        List<List<CompiledIx>> inner = t.inner();
        for (int i = 0; i < inner.size(); i++) {
            if (inner.get(i).isEmpty()) {
                continue; // a node lists only the instructions that invoked others
            }
            InnerInstructions.Builder group = InnerInstructions.newBuilder().setIndex(i);
            for (CompiledIx ix : inner.get(i)) {
                InnerInstruction.Builder b = InnerInstruction.newBuilder().setProgramIdIndex(ix.programIdIndex())
                        .setAccounts(wrap(ix.accounts())).setData(wrap(ix.data()));
                if (ix.stackHeight() > 0) {
                    b.setStackHeight(ix.stackHeight());
                }
                group.addInstructions(b);
            }
            m.addInnerInstructions(group);
        }
        for (TokenBalance b : t.preTokenBalances()) {
            m.addPreTokenBalances(tokenBalance(b));
        }
        for (TokenBalance b : t.postTokenBalances()) {
            m.addPostTokenBalances(tokenBalance(b));
        }
        return m.build();
    }

    private static io.chainwatch.geyser.proto.storage.TokenBalance tokenBalance(TokenBalance b) {
        String ui = b.uiAmountString();
        return io.chainwatch.geyser.proto.storage.TokenBalance.newBuilder()
                .setAccountIndex(b.accountIndex())
                .setMint(b.mint().base58())
                .setOwner(b.owner().base58())
                .setProgramId(b.programId().base58())
                .setUiTokenAmount(UiTokenAmount.newBuilder().setUiAmount(Double.parseDouble(ui)).setDecimals(b.decimals())
                        .setAmount(Long.toString(b.amount())).setUiAmountString(ui))
                .build();
    }

    /**
     * The error as a node stores it: bincode of its TransactionError. The simulator's failures are
     * all {@code InstructionError(index, Custom(code))}: variant 8 (u32), the instruction index (u8),
     * variant 25 (u32), the code (u32), little-endian.
     */
    static TransactionError error(String errJson) {
        Matcher m = INSTRUCTION_CUSTOM.matcher(errJson);
        if (!m.matches() || Integer.parseInt(m.group(1)) > 255 || Long.parseLong(m.group(2)) > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("transaction error has no bincode form here: " + errJson);
        }
        ByteBuffer b = ByteBuffer.allocate(13).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(TRANSACTION_ERROR_INSTRUCTION_ERROR).put((byte) Integer.parseInt(m.group(1)))
                .putInt(INSTRUCTION_ERROR_CUSTOM).putInt((int) Long.parseLong(m.group(2)));
        return TransactionError.newBuilder().setErr(ByteString.copyFrom(b.array(), 0, b.position())).build();
    }

    // ---- blocks -----------------------------------------------------------------------------------

    /** The leader's fee reward, as getBlock lists it. */
    static Rewards rewards(SolBlock b) {
        return Rewards.newBuilder().addRewards(Reward.newBuilder().setPubkey(b.leader().base58()).setLamports(b.leaderReward())
                .setPostBalance(b.leaderPostBalance()).setRewardType(RewardType.Fee)).build();
    }

    /** A block's meta; entries_count stays 0: the simulator makes no entries. */
    static SubscribeUpdateBlockMeta blockMeta(SolBlock b) {
        return SubscribeUpdateBlockMeta.newBuilder()
                .setSlot(b.slot())
                .setBlockhash(b.blockhash().base58())
                .setRewards(rewards(b))
                .setBlockTime(io.chainwatch.geyser.proto.storage.UnixTimestamp.newBuilder().setTimestamp(b.blockTime()))
                .setBlockHeight(BlockHeight.newBuilder().setBlockHeight(b.blockHeight()))
                .setParentSlot(b.parentSlot())
                .setParentBlockhash(b.previousBlockhash().base58())
                .setExecutedTransactionCount(b.transactions().size())
                .build();
    }

    /** A whole block without its transactions and accounts; the caller adds those its filter selects. */
    static SubscribeUpdateBlock.Builder block(SolBlock b) {
        return SubscribeUpdateBlock.newBuilder()
                .setSlot(b.slot())
                .setBlockhash(b.blockhash().base58())
                .setRewards(rewards(b))
                .setBlockTime(io.chainwatch.geyser.proto.storage.UnixTimestamp.newBuilder().setTimestamp(b.blockTime()))
                .setBlockHeight(BlockHeight.newBuilder().setBlockHeight(b.blockHeight()))
                .setParentSlot(b.parentSlot())
                .setParentBlockhash(b.previousBlockhash().base58())
                .setExecutedTransactionCount(b.transactions().size())
                .setUpdatedAccountCount(b.writes().size());
    }

    // ---- accounts ---------------------------------------------------------------------------------

    /**
     * An account write, the {@code position}-th of its block. Write versions order the writes of the
     * chain: {@code slot << 12 | position} (blocks write far fewer than 4096 accounts, and slots
     * stay below 2^52, so it fits a u64).
     *
     * @param writer the signature of the transaction that wrote it, or null
     */
    static SubscribeUpdateAccountInfo account(AccountWrite w, long slot, int position, ByteString writer, List<GeyserFilters.Slice> slices) {
        AccountData a = w.account();
        SubscribeUpdateAccountInfo.Builder b = SubscribeUpdateAccountInfo.newBuilder()
                .setPubkey(key(w.key()))
                .setLamports(a.lamports())
                .setOwner(key(a.owner()))
                .setExecutable(a.executable())
                .setRentEpoch(a.rentEpoch())
                .setData(slices.isEmpty() ? wrap(a.data()) : ByteString.copyFrom(sliced(a.data(), slices)))
                .setWriteVersion((slot << WRITE_VERSION_SLOT_SHIFT) + position);
        if (writer != null) {
            b.setTxnSignature(writer);
        }
        return b.build();
    }

    /** The requested slices of {@code data}, concatenated; a slice past the end gives what there is. */
    static byte[] sliced(byte[] data, List<GeyserFilters.Slice> slices) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (GeyserFilters.Slice s : slices) {
            long from = Long.compareUnsigned(s.offset(), data.length) >= 0 ? data.length : s.offset(); // u64 on the wire
            long room = data.length - from;
            long length = Long.compareUnsigned(s.length(), room) >= 0 ? room : s.length();
            out.write(data, (int) from, (int) length);
        }
        return out.toByteArray();
    }

    /**
     * For each account a transaction of the block wrote, the signature of the last one that did:
     * the writable keys of successful transactions, and the fee payer of failed ones.
     */
    static Map<Pubkey, ByteString> writers(SolBlock b) {
        Map<Pubkey, ByteString> out = new HashMap<>();
        for (SolTx t : b.transactions()) {
            ByteString signature = wrap(t.signatures().getFirst());
            if (t.failed()) {
                out.put(t.accountKeys().getFirst(), signature);
                continue;
            }
            List<Pubkey> keys = t.accountKeys();
            for (int i = 0; i < keys.size(); i++) {
                if (writable(t, i)) {
                    out.put(keys.get(i), signature);
                }
            }
        }
        return out;
    }

    /** Solana's header rule: signers first, then the rest; each group ends with its read-only keys. */
    private static boolean writable(SolTx t, int index) {
        int signers = t.numRequiredSignatures();
        if (index < signers) {
            return index < signers - t.numReadonlySigned();
        }
        return index < t.accountKeys().size() - t.numReadonlyUnsigned();
    }

    private static ByteString key(Pubkey k) {
        return UnsafeByteOperations.unsafeWrap(k.bytes()); // a fresh array nobody else holds
    }

    private static ByteString wrap(byte[] neverWritten) {
        return UnsafeByteOperations.unsafeWrap(neverWritten);
    }
}
