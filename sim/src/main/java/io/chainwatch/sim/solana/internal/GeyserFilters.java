package io.chainwatch.sim.solana.internal;

import io.chainwatch.geyser.proto.CommitmentLevel;
import io.chainwatch.geyser.proto.SubscribeRequest;
import io.chainwatch.geyser.proto.SubscribeRequestAccountsDataSlice;
import io.chainwatch.geyser.proto.SubscribeRequestFilterAccounts;
import io.chainwatch.geyser.proto.SubscribeRequestFilterAccountsFilter;
import io.chainwatch.geyser.proto.SubscribeRequestFilterAccountsFilterLamports;
import io.chainwatch.geyser.proto.SubscribeRequestFilterAccountsFilterMemcmp;
import io.chainwatch.geyser.proto.SubscribeRequestFilterBlocks;
import io.chainwatch.geyser.proto.SubscribeRequestFilterTransactions;
import io.chainwatch.sim.solana.Commitment;
import io.chainwatch.sim.solana.Pubkey;
import io.chainwatch.sim.solana.SolanaPrograms;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The filters of one Subscribe request, checked once and parsed into the simulator's types, and
 * the Yellowstone rules that match blocks, transactions and account writes against them. Each
 * kind of filter is a list of named filters; an update lists the names of the filters it matched
 * (sorted). Immutable.
 *
 * <p>Rules, as Yellowstone has them: a transaction filter matches when the transaction mentions
 * any key of {@code account_include} (or the list is empty), none of {@code account_exclude} and
 * all of {@code account_required}, and {@code vote}, {@code failed} and {@code signature} agree when
 * set. An accounts filter matches when the account is listed (or the list is empty), its owner is
 * listed (or that list is empty), every data filter holds, and, with {@code nonempty_txn_signature},
 * a transaction wrote it. The simulator has no vote transactions and records no entries: {@code
 * vote = true} matches nothing, and an {@code entry} filter is refused rather than left unanswered.
 *
 * @param slices the {@code accounts_data_slice} list; empty for the whole data
 */
record GeyserFilters(
        Commitment commitment,
        List<Named<SlotFilter>> slots,
        List<Named<TxFilter>> transactions,
        List<Named<TxFilter>> transactionStatus,
        List<Named<AccountsFilter>> accounts,
        List<Named<BlocksFilter>> blocks,
        List<String> blocksMeta,
        List<Slice> slices) {

    /** The filters of a stream that has not subscribed yet: nothing matches. */
    static final GeyserFilters NONE = new GeyserFilters(Commitment.PROCESSED, List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of());

    /** A request read: its filters, or why they cannot be served. */
    sealed interface Parsed {
        record Valid(GeyserFilters filters) implements Parsed {
        }

        record Invalid(String message) implements Parsed {
        }
    }

    record Named<F>(String name, F filter) {
    }

    record SlotFilter(boolean filterByCommitment) {
    }

    record TxFilter(Boolean vote, Boolean failed, String signature, List<Pubkey> include, List<Pubkey> exclude, List<Pubkey> required) {
        boolean matches(SolTx t) {
            if (Boolean.TRUE.equals(vote)) {
                return false; // no vote transactions in the simulator
            }
            if (failed != null && failed != t.failed()) {
                return false;
            }
            if (signature != null && !t.hasSignature(signature)) {
                return false;
            }
            if (!include.isEmpty() && include.stream().noneMatch(t::mentions)) {
                return false;
            }
            return exclude.stream().noneMatch(t::mentions) && required.stream().allMatch(t::mentions);
        }
    }

    record AccountsFilter(List<Pubkey> accounts, List<Pubkey> owners, List<Predicate<AccountData>> data, boolean nonemptyTxnSignature) {
        boolean matches(AccountWrite w, boolean writtenByTransaction) {
            if (!accounts.isEmpty() && !accounts.contains(w.key())) {
                return false;
            }
            if (!owners.isEmpty() && !owners.contains(w.account().owner())) {
                return false;
            }
            if (nonemptyTxnSignature && !writtenByTransaction) {
                return false;
            }
            return data.stream().allMatch(d -> d.test(w.account()));
        }
    }

    /** Defaults as Yellowstone's: transactions included, accounts not. */
    record BlocksFilter(List<Pubkey> include, boolean transactions, boolean accounts) {
        boolean includes(SolTx t) {
            return include.isEmpty() || include.stream().anyMatch(t::mentions);
        }

        boolean includes(AccountWrite w) {
            return include.isEmpty() || include.contains(w.key());
        }
    }

    record Slice(long offset, long length) {
    }

    // ---- matching ---------------------------------------------------------------------------------

    /** Names of the slot filters that take a slot update of {@code level}. */
    List<String> slotNames(Commitment level) {
        List<String> names = List.of();
        for (Named<SlotFilter> n : slots) {
            if (!n.filter().filterByCommitment() || level == commitment) {
                names = add(names, n.name());
            }
        }
        return names;
    }

    /** Names of the slot filters that take a dead slot: those not narrowed to the commitment's status. */
    List<String> deadSlotNames() {
        List<String> names = List.of();
        for (Named<SlotFilter> n : slots) {
            if (!n.filter().filterByCommitment()) {
                names = add(names, n.name());
            }
        }
        return names;
    }

    List<String> transactionNames(SolTx t) {
        return txNames(transactions, t);
    }

    List<String> transactionStatusNames(SolTx t) {
        return txNames(transactionStatus, t);
    }

    List<String> accountNames(AccountWrite w, boolean writtenByTransaction) {
        List<String> names = List.of();
        for (Named<AccountsFilter> n : accounts) {
            if (n.filter().matches(w, writtenByTransaction)) {
                names = add(names, n.name());
            }
        }
        return names;
    }

    private static List<String> txNames(List<Named<TxFilter>> filters, SolTx t) {
        List<String> names = List.of();
        for (Named<TxFilter> n : filters) {
            if (n.filter().matches(t)) {
                names = add(names, n.name());
            }
        }
        return names;
    }

    private static List<String> add(List<String> names, String name) {
        List<String> out = names.isEmpty() ? new ArrayList<>(2) : names;
        out.add(name);
        return out;
    }

    // ---- parsing ----------------------------------------------------------------------------------

    /** Reads a request's filters; the first bad value is named in the answer. */
    static Parsed parse(SubscribeRequest r) {
        try {
            if (r.getEntryCount() > 0) {
                throw new BadFilter("entry: the chainwatch simulator records no entries; use blocks_meta or transactions");
            }
            return new Parsed.Valid(new GeyserFilters(commitment(r), slots(r.getSlotsMap()), transactions("transactions", r.getTransactionsMap()),
                    transactions("transactions_status", r.getTransactionsStatusMap()), accounts(r.getAccountsMap()),
                    blocks(r.getBlocksMap()), List.copyOf(new TreeMap<>(r.getBlocksMetaMap()).keySet()), slices(r)));
        } catch (BadFilter e) {
            return new Parsed.Invalid(e.getMessage());
        }
    }

    /** Reads an optional commitment of a request or a unary call; unset is processed, as on Yellowstone; null for an unknown value. */
    static Commitment commitment(boolean present, CommitmentLevel level) {
        if (!present) {
            return Commitment.PROCESSED;
        }
        return switch (level) {
            case PROCESSED -> Commitment.PROCESSED;
            case CONFIRMED -> Commitment.CONFIRMED;
            case FINALIZED -> Commitment.FINALIZED;
            case UNRECOGNIZED -> null;
        };
    }

    private static Commitment commitment(SubscribeRequest r) {
        Commitment c = commitment(r.hasCommitment(), r.getCommitment());
        if (c == null) {
            throw new BadFilter("commitment: need PROCESSED, CONFIRMED or FINALIZED, got " + r.getCommitmentValue());
        }
        return c;
    }

    private static List<Named<SlotFilter>> slots(Map<String, io.chainwatch.geyser.proto.SubscribeRequestFilterSlots> in) {
        List<Named<SlotFilter>> out = new ArrayList<>(in.size());
        // interslot_updates asks for first-shred, completed and created-bank statuses; the simulator has none to tell.
        new TreeMap<>(in).forEach((name, f) -> out.add(new Named<>(name, new SlotFilter(f.getFilterByCommitment()))));
        return List.copyOf(out);
    }

    private static List<Named<TxFilter>> transactions(String kind, Map<String, SubscribeRequestFilterTransactions> in) {
        List<Named<TxFilter>> out = new ArrayList<>(in.size());
        new TreeMap<>(in).forEach((name, f) -> {
            String at = kind + "[\"" + name + "\"].";
            String signature = null;
            if (f.hasSignature()) {
                byte[] raw = f.getSignature().length() > 88 ? null : Base58.decode(f.getSignature());
                if (raw == null || raw.length != 64) {
                    throw new BadFilter(at + "signature: not a base58 signature of 64 bytes: \"" + f.getSignature() + "\"");
                }
                signature = f.getSignature();
            }
            out.add(new Named<>(name, new TxFilter(f.hasVote() ? f.getVote() : null, f.hasFailed() ? f.getFailed() : null, signature,
                    keys(at + "account_include", f.getAccountIncludeList()), keys(at + "account_exclude", f.getAccountExcludeList()),
                    keys(at + "account_required", f.getAccountRequiredList()))));
        });
        return List.copyOf(out);
    }

    private static List<Named<AccountsFilter>> accounts(Map<String, SubscribeRequestFilterAccounts> in) {
        List<Named<AccountsFilter>> out = new ArrayList<>(in.size());
        new TreeMap<>(in).forEach((name, f) -> {
            String at = "accounts[\"" + name + "\"].";
            List<Predicate<AccountData>> data = new ArrayList<>();
            for (int i = 0; i < f.getFiltersCount(); i++) {
                data.add(dataFilter(at + "filters[" + i + "]", f.getFilters(i)));
            }
            out.add(new Named<>(name, new AccountsFilter(keys(at + "account", f.getAccountList()), keys(at + "owner", f.getOwnerList()),
                    List.copyOf(data), f.getNonemptyTxnSignature())));
        });
        return List.copyOf(out);
    }

    private static Predicate<AccountData> dataFilter(String at, SubscribeRequestFilterAccountsFilter f) {
        return switch (f.getFilterCase()) {
            case DATASIZE -> new AccountFilter.DataSize(f.getDatasize())::matches;
            case MEMCMP -> memcmp(at + ".memcmp", f.getMemcmp())::matches;
            case LAMPORTS -> lamports(at + ".lamports", f.getLamports());
            case TOKEN_ACCOUNT_STATE -> f.getTokenAccountState() ? GeyserFilters::isTokenAccount : a -> true;
            case FILTER_NOT_SET -> throw new BadFilter(at + ": need memcmp, datasize, lamports or token_account_state, got none");
        };
    }

    private static AccountFilter.Memcmp memcmp(String at, SubscribeRequestFilterAccountsFilterMemcmp m) {
        byte[] bytes = switch (m.getDataCase()) {
            case BYTES -> m.getBytes().toByteArray();
            case BASE58 -> m.getBase58().length() > 2 * AccountEncoding.MAX_BASE58_BYTES ? null : Base58.decode(m.getBase58());
            case BASE64 -> base64OrNull(m.getBase64());
            case DATA_NOT_SET -> throw new BadFilter(at + ": need bytes, base58 or base64, got none");
        };
        if (bytes == null || bytes.length > AccountEncoding.MAX_BASE58_BYTES) {
            throw new BadFilter(at + ": need at most " + AccountEncoding.MAX_BASE58_BYTES + " bytes, validly encoded");
        }
        if (m.getOffset() > Integer.MAX_VALUE) {
            throw new BadFilter(at + ".offset: need at most " + Integer.MAX_VALUE + ", got " + Long.toUnsignedString(m.getOffset()));
        }
        return new AccountFilter.Memcmp((int) m.getOffset(), bytes);
    }

    private static Predicate<AccountData> lamports(String at, SubscribeRequestFilterAccountsFilterLamports l) {
        return switch (l.getCmpCase()) {
            case EQ -> a -> a.lamports() == l.getEq();
            case NE -> a -> a.lamports() != l.getNe();
            case LT -> a -> Long.compareUnsigned(a.lamports(), l.getLt()) < 0;
            case GT -> a -> Long.compareUnsigned(a.lamports(), l.getGt()) > 0;
            case CMP_NOT_SET -> throw new BadFilter(at + ": need eq, ne, lt or gt, got none");
        };
    }

    /** An initialized SPL token account: 165 bytes or more (Token-2022 extensions), state byte set. */
    private static boolean isTokenAccount(AccountData a) {
        boolean tokenProgram = a.owner().equals(SolanaPrograms.TOKEN) || a.owner().equals(SolanaPrograms.TOKEN_2022);
        return tokenProgram && a.data().length >= 165 && a.data()[108] != 0;
    }

    private static List<Named<BlocksFilter>> blocks(Map<String, SubscribeRequestFilterBlocks> in) {
        List<Named<BlocksFilter>> out = new ArrayList<>(in.size());
        new TreeMap<>(in).forEach((name, f) -> {
            String at = "blocks[\"" + name + "\"].";
            if (f.getIncludeEntries()) {
                throw new BadFilter(at + "include_entries: the chainwatch simulator records no entries");
            }
            out.add(new Named<>(name, new BlocksFilter(keys(at + "account_include", f.getAccountIncludeList()),
                    !f.hasIncludeTransactions() || f.getIncludeTransactions(), f.getIncludeAccounts())));
        });
        return List.copyOf(out);
    }

    private static List<Slice> slices(SubscribeRequest r) {
        List<Slice> out = new ArrayList<>(r.getAccountsDataSliceCount());
        for (SubscribeRequestAccountsDataSlice s : r.getAccountsDataSliceList()) {
            out.add(new Slice(s.getOffset(), s.getLength()));
        }
        return List.copyOf(out);
    }

    private static List<Pubkey> keys(String at, List<String> texts) {
        List<Pubkey> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            Pubkey k = Pubkey.parseOrNull(texts.get(i));
            if (k == null) {
                throw new BadFilter(at + "[" + i + "]: not a base58 public key: \"" + texts.get(i) + "\"");
            }
            out.add(k);
        }
        return List.copyOf(out);
    }

    private static byte[] base64OrNull(String s) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A bad filter value, thrown while parsing and turned into {@link Parsed.Invalid} at once. */
    private static final class BadFilter extends RuntimeException {
        BadFilter(String message) {
            super(message, null, false, false);
        }
    }
}
