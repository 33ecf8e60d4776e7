package io.chainwatch.solana.feed;

import com.google.protobuf.ByteString;
import io.chainwatch.geyser.proto.SubscribeUpdateTransactionInfo;
import io.chainwatch.geyser.proto.storage.Message;
import io.chainwatch.geyser.proto.storage.MessageAddressTableLookup;
import io.chainwatch.geyser.proto.storage.MessageHeader;
import io.chainwatch.geyser.proto.storage.Transaction;
import io.chainwatch.geyser.proto.storage.TransactionStatusMeta;
import io.chainwatch.solana.Base58;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.tx.AddressTableLookup;
import io.chainwatch.solana.tx.CompiledInstruction;
import io.chainwatch.solana.tx.InnerInstruction;
import io.chainwatch.solana.tx.SolanaTransaction;
import io.chainwatch.solana.tx.TransactionFormatException;
import io.chainwatch.solana.tx.TransactionMessage;
import io.chainwatch.solana.tx.TransactionVersion;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the transaction of a Yellowstone gRPC transaction update ({@code SubscribeUpdateTransactionInfo}:
 * signature, the signed transaction, its status meta, its place in the block) into the
 * {@link SolanaTransaction} that {@code RpcTransactionParser} makes of the same transaction in a
 * {@code getBlock} answer, so that both paths give the same events.
 *
 * <p>As there: the account keys are the message's static keys, then the addresses its lookup tables
 * loaded ({@code meta.loaded_writable_addresses}, then {@code meta.loaded_readonly_addresses}), the
 * order the runtime indexes them in; a transaction with {@code meta.err} is {@code FAILED}, its error
 * rendered as the JSON the RPC API shows ({@link GeyserTransactionError}); {@code *_none} flags give
 * empty logs or inner instructions.
 *
 * <p>Strict where a wrong guess would mislead: a missing message or meta, a key or signature of the
 * wrong length, a header that does not fit the keys, an instruction or inner instruction index outside
 * the keys, loaded addresses that do not match the lookups, a signature that is not the transaction's
 * first: each is a {@link TransactionFormatException} naming the field by its proto path (e.g.
 * {@code meta.inner_instructions[0].instructions[2].program_id_index}). Stateless; thread-safe.
 */
public final class GeyserTransactions {
    private static final int SIGNATURE_BYTES = 64;
    private static final int MAX_STACK_HEIGHT = 64;

    private GeyserTransactions() {
    }

    /**
     * The transaction of one update.
     *
     * @throws TransactionFormatException naming the field that cannot be read
     */
    public static SolanaTransaction read(SubscribeUpdateTransactionInfo info) throws TransactionFormatException {
        if (!info.hasTransaction()) {
            throw new TransactionFormatException("transaction", "missing");
        }
        Transaction tx = info.getTransaction();
        List<String> signatures = signatures(tx.getSignaturesList(), "transaction.signatures");
        String id = signature(info.getSignature(), "signature");
        if (!id.equals(signatures.getFirst())) {
            throw new TransactionFormatException("signature", "is " + id + " but transaction.signatures[0] is " + signatures.getFirst());
        }
        if (!tx.hasMessage()) {
            throw new TransactionFormatException("transaction.message", "missing");
        }
        TransactionMessage message = message(tx.getMessage(), "transaction.message");
        if (signatures.size() != message.requiredSignatures()) {
            throw new TransactionFormatException("transaction.signatures", signatures.size() + " signatures for a message that requires "
                    + message.requiredSignatures());
        }
        if (!info.hasMeta()) {
            throw new TransactionFormatException("meta", "missing: a transaction update carries its status meta");
        }
        TransactionStatusMeta meta = info.getMeta();
        List<PublicKey> accountKeys = accountKeys(message, meta);
        String error = meta.hasErr() ? GeyserTransactionError.json(meta.getErr().getErr().toByteArray()) : null;
        return new SolanaTransaction(index(info.getIndex()), signatures, message, accountKeys,
                innerInstructions(meta, message.instructions().size(), accountKeys.size()),
                meta.getLogMessagesNone() ? List.of() : meta.getLogMessagesList(),
                error == null ? SolanaTransaction.Status.SUCCEEDED : SolanaTransaction.Status.FAILED, error);
    }

    private static int index(long index) throws TransactionFormatException {
        if (index < 0 || index > Integer.MAX_VALUE) {
            throw new TransactionFormatException("index", "need 0.." + Integer.MAX_VALUE + ", got " + Long.toUnsignedString(index));
        }
        return (int) index;
    }

    private static List<String> signatures(List<ByteString> raw, String path) throws TransactionFormatException {
        if (raw.isEmpty()) {
            throw new TransactionFormatException(path, "empty: a transaction has at least one signature");
        }
        List<String> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            out.add(signature(raw.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    private static String signature(ByteString raw, String path) throws TransactionFormatException {
        if (raw.size() != SIGNATURE_BYTES) {
            throw new TransactionFormatException(path, "a signature is " + SIGNATURE_BYTES + " bytes, got " + raw.size());
        }
        return Base58.encode(raw.toByteArray());
    }

    private static PublicKey key(ByteString raw, String path) throws TransactionFormatException {
        if (raw.size() != PublicKey.BYTES) {
            throw new TransactionFormatException(path, "a key is " + PublicKey.BYTES + " bytes, got " + raw.size());
        }
        return PublicKey.of(raw.toByteArray());
    }

    private static List<PublicKey> keys(List<ByteString> raw, String path) throws TransactionFormatException {
        List<PublicKey> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            out.add(key(raw.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    /** One account index per byte, unsigned. */
    private static List<Integer> indexes(ByteString raw) {
        List<Integer> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            out.add(raw.byteAt(i) & 0xFF);
        }
        return out;
    }

    private static int u8(int value, String path) throws TransactionFormatException {
        if (value < 0 || value > 255) {
            throw new TransactionFormatException(path, "need 0..255, got " + Integer.toUnsignedString(value));
        }
        return value;
    }

    private static TransactionMessage message(Message m, String path) throws TransactionFormatException {
        if (!m.hasHeader()) {
            throw new TransactionFormatException(path + ".header", "missing");
        }
        MessageHeader h = m.getHeader();
        String hp = path + ".header";
        int required = u8(h.getNumRequiredSignatures(), hp + ".num_required_signatures");
        int readonlySigned = u8(h.getNumReadonlySignedAccounts(), hp + ".num_readonly_signed_accounts");
        int readonlyUnsigned = u8(h.getNumReadonlyUnsignedAccounts(), hp + ".num_readonly_unsigned_accounts");
        List<PublicKey> staticKeys = keys(m.getAccountKeysList(), path + ".account_keys");
        if (required > staticKeys.size() || readonlySigned > required || readonlyUnsigned > staticKeys.size() - required) {
            throw new TransactionFormatException(hp, "(" + required + ", " + readonlySigned + ", " + readonlyUnsigned + ") does not fit "
                    + staticKeys.size() + " account keys");
        }
        PublicKey blockhash = key(m.getRecentBlockhash(), path + ".recent_blockhash");
        if (!m.getVersioned() && m.getAddressTableLookupsCount() > 0) {
            throw new TransactionFormatException(path + ".address_table_lookups", "a legacy message (versioned false) has none, got "
                    + m.getAddressTableLookupsCount());
        }
        List<AddressTableLookup> lookups = new ArrayList<>(m.getAddressTableLookupsCount());
        int loaded = 0;
        for (int i = 0; i < m.getAddressTableLookupsCount(); i++) {
            MessageAddressTableLookup l = m.getAddressTableLookups(i);
            String lp = path + ".address_table_lookups[" + i + "]";
            lookups.add(new AddressTableLookup(key(l.getAccountKey(), lp + ".account_key"), indexes(l.getWritableIndexes()),
                    indexes(l.getReadonlyIndexes())));
            loaded += l.getWritableIndexes().size() + l.getReadonlyIndexes().size();
        }
        int keyCount = staticKeys.size() + loaded;
        List<CompiledInstruction> instructions = new ArrayList<>(m.getInstructionsCount());
        for (int i = 0; i < m.getInstructionsCount(); i++) {
            io.chainwatch.geyser.proto.storage.CompiledInstruction ix = m.getInstructions(i);
            String ip = path + ".instructions[" + i + "]";
            int program = index(ix.getProgramIdIndex(), keyCount, ip + ".program_id_index");
            List<Integer> accounts = indexes(ix.getAccounts());
            checkIndexes(accounts, keyCount, ip + ".accounts");
            instructions.add(new CompiledInstruction(program, accounts, ix.getData().toByteArray()));
        }
        return new TransactionMessage(m.getVersioned() ? TransactionVersion.V0 : TransactionVersion.LEGACY, required, readonlySigned,
                readonlyUnsigned, staticKeys, blockhash, instructions, lookups);
    }

    private static int index(int value, int keyCount, String path) throws TransactionFormatException {
        if (value < 0 || value >= keyCount) {
            throw new TransactionFormatException(path, "index " + Integer.toUnsignedString(value) + " is outside the " + keyCount
                    + " account keys");
        }
        return value;
    }

    private static void checkIndexes(List<Integer> accounts, int keyCount, String path) throws TransactionFormatException {
        for (int a = 0; a < accounts.size(); a++) {
            index(accounts.get(a), keyCount, path + "[" + a + "]");
        }
    }

    /** Static keys, then the loaded ones: writable, then read-only. */
    private static List<PublicKey> accountKeys(TransactionMessage message, TransactionStatusMeta meta) throws TransactionFormatException {
        int writable = 0;
        int readonly = 0;
        for (AddressTableLookup l : message.addressTableLookups()) {
            writable += l.writableIndexes().size();
            readonly += l.readonlyIndexes().size();
        }
        if (meta.getLoadedWritableAddressesCount() != writable || meta.getLoadedReadonlyAddressesCount() != readonly) {
            throw new TransactionFormatException("meta.loaded_writable_addresses", meta.getLoadedWritableAddressesCount() + " writable and "
                    + meta.getLoadedReadonlyAddressesCount() + " read-only addresses, but the message looks up " + writable + " and "
                    + readonly);
        }
        List<PublicKey> all = new ArrayList<>(message.staticAccountKeys().size() + writable + readonly);
        all.addAll(message.staticAccountKeys());
        all.addAll(keys(meta.getLoadedWritableAddressesList(), "meta.loaded_writable_addresses"));
        all.addAll(keys(meta.getLoadedReadonlyAddressesList(), "meta.loaded_readonly_addresses"));
        return all;
    }

    private static List<InnerInstruction> innerInstructions(TransactionStatusMeta meta, int instructionCount, int keyCount)
            throws TransactionFormatException {
        if (meta.getInnerInstructionsNone()) {
            return List.of();
        }
        List<InnerInstruction> out = new ArrayList<>();
        for (int g = 0; g < meta.getInnerInstructionsCount(); g++) {
            io.chainwatch.geyser.proto.storage.InnerInstructions group = meta.getInnerInstructions(g);
            String gp = "meta.inner_instructions[" + g + "]";
            int outer = group.getIndex();
            if (outer < 0 || outer >= instructionCount) {
                throw new TransactionFormatException(gp + ".index", "instruction " + Integer.toUnsignedString(outer) + " of "
                        + instructionCount);
            }
            for (int j = 0; j < group.getInstructionsCount(); j++) {
                io.chainwatch.geyser.proto.storage.InnerInstruction ix = group.getInstructions(j);
                String ip = gp + ".instructions[" + j + "]";
                int program = index(ix.getProgramIdIndex(), keyCount, ip + ".program_id_index");
                List<Integer> accounts = indexes(ix.getAccounts());
                checkIndexes(accounts, keyCount, ip + ".accounts");
                int stackHeight = 0;
                if (ix.hasStackHeight()) {
                    stackHeight = ix.getStackHeight();
                    if (stackHeight < 1 || stackHeight > MAX_STACK_HEIGHT) {
                        throw new TransactionFormatException(ip + ".stack_height", "need 1.." + MAX_STACK_HEIGHT + ", got "
                                + Integer.toUnsignedString(stackHeight));
                    }
                }
                out.add(new InnerInstruction(outer, j, program, accounts, ix.getData().toByteArray(), stackHeight));
            }
        }
        return out;
    }
}
