package io.chainwatch.market.pump;

import io.chainwatch.solana.PublicKey;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Every tracked curve's current state in flat primitive storage, sized for a million curves in well
 * under 1 GB: one row of {@value #STRIDE} longs (304 bytes) per curve in pages of 1,024 rows, and an
 * open-addressing index (linear probing, backward-shift deletion) from the mint's four words to the row.
 *
 * <p>Why this shape: a curve held as objects (a record with PublicKeys, a signature, boxed map entries)
 * costs two to three times as much and gives the collector millions of objects to trace. Pages of 311 KB
 * stay below half a G1 region at a 1 GB heap, so they are ordinary allocations, and the table grows
 * a page at a time instead of copying everything. Rows of removed curves are reused.
 *
 * <p>Owned by the {@link CurveBook}'s thread; not thread-safe.
 */
final class CurveTable {
    private static final int MINT = 0;
    private static final int CREATOR = 4;
    private static final int POOL = 8;
    private static final int SIGNATURE = 12;
    private static final int VIRTUAL_TOKEN = 20;
    private static final int VIRTUAL_SOL = 21;
    private static final int REAL_TOKEN = 22;
    private static final int REAL_SOL = 23;
    private static final int SUPPLY = 24;
    private static final int RESERVES_SLOT = 25;
    private static final int CREATED_SLOT = 26;
    private static final int CREATED_TIMESTAMP = 27;
    private static final int INITIAL_REAL_TOKEN = 28;
    private static final int ACTIVITY_SLOT = 29;
    private static final int BUY_LAMPORTS = 30;
    private static final int SELL_LAMPORTS = 31;
    private static final int LAST_SLOT = 32;
    private static final int LAST_TIMESTAMP = 33;
    private static final int LAST_SOL = 34;
    private static final int LAST_TOKENS = 35;
    /** buys in the high half, sells in the low half. */
    private static final int COUNTS = 36;
    /** status in bits 0-7, flags 8-23, EXISTS bit 24, protocol fee bps 32-47, creator fee bps 48-63. */
    private static final int META = 37;
    static final int STRIDE = 38;

    private static final long EXISTS = 1L << 24;
    private static final int PAGE_SHIFT = 10;
    private static final int PAGE_ROWS = 1 << PAGE_SHIFT;
    private static final CurveStatus[] STATUSES = CurveStatus.values();

    private long[][] pages = new long[0][];
    private int rowsUsed;
    private int size;
    private int[] freeRows = new int[16];
    private int freeCount;
    /** Row + 1 of the curve whose mint hashes here; 0 is empty. */
    private int[] index;
    private int mask;

    CurveTable(int expectedCurves) {
        int slots = Integer.highestOneBit(Math.max(16, expectedCurves * 2 - 1)) << 1;
        index = new int[slots];
        mask = slots - 1;
    }

    int size() {
        return size;
    }

    /** Rows 0 to this minus one may hold curves; {@link #exists(int)} says which. */
    int rowsUsed() {
        return rowsUsed;
    }

    /** The row of {@code mint}, or -1. */
    int find(PublicKey mint) {
        for (int i = home(mint.w0(), mint.w1(), mint.w2(), mint.w3()); ; i = (i + 1) & mask) {
            int entry = index[i];
            if (entry == 0) {
                return -1;
            }
            int row = entry - 1;
            if (isMint(row, mint)) {
                return row;
            }
        }
    }

    /** Adds {@code mint}, which must be absent, with an empty state; returns its row. */
    int add(PublicKey mint) {
        if ((size + 1) * 4L > index.length * 3L) {
            growIndex();
        }
        int row = freeCount > 0 ? freeRows[--freeCount] : newRow();
        long[] page = pages[row >>> PAGE_SHIFT];
        int at = (row & (PAGE_ROWS - 1)) * STRIDE;
        Arrays.fill(page, at, at + STRIDE, 0L);
        putKey(page, at + MINT, mint);
        page[at + META] = EXISTS;
        insertIndex(row, mint.w0(), mint.w1(), mint.w2(), mint.w3());
        size++;
        return row;
    }

    /** Forgets the curve in {@code row}; the row is reused by a later {@link #add}. */
    void remove(int row) {
        long[] page = page(row);
        int at = offset(row);
        int i = home(page[at], page[at + 1], page[at + 2], page[at + 3]);
        while (index[i] != row + 1) {
            i = (i + 1) & mask;
        }
        // Backward-shift deletion: pull later entries of the probe run into the hole, so no tombstones build up.
        int hole = i;
        for (int j = (hole + 1) & mask; index[j] != 0; j = (j + 1) & mask) {
            int moving = index[j] - 1;
            long[] mp = page(moving);
            int mo = offset(moving);
            int want = home(mp[mo], mp[mo + 1], mp[mo + 2], mp[mo + 3]);
            if (((j - want) & mask) >= ((j - hole) & mask)) {
                index[hole] = index[j];
                hole = j;
            }
        }
        index[hole] = 0;
        page[at + META] = 0;
        if (freeCount == freeRows.length) {
            freeRows = Arrays.copyOf(freeRows, freeCount * 2);
        }
        freeRows[freeCount++] = row;
        size--;
    }

    boolean exists(int row) {
        return (page(row)[offset(row) + META] & EXISTS) != 0;
    }

    CurveStatus status(int row) {
        return STATUSES[(int) (page(row)[offset(row) + META] & 0xFF)];
    }

    int flags(int row) {
        return (int) (page(row)[offset(row) + META] >>> 8) & 0xFFFF;
    }

    long lastActivitySlot(int row) {
        return page(row)[offset(row) + ACTIVITY_SLOT];
    }

    /**
     * Up to {@code limit} rows with {@code status} (null: any), most recently active first, ties by mint: one pass
     * with a bounded heap whose head is the least recent row kept, so the table is never sorted.
     */
    int[] mostRecentlyActive(CurveStatus status, int limit) {
        PriorityQueue<Integer> kept = new PriorityQueue<>(Math.min(limit, 1024), (a, b) -> -rankOrder(a, b));
        for (int row = 0; row < rowsUsed; row++) {
            if (!exists(row) || status != null && status(row) != status) {
                continue;
            }
            if (kept.size() < limit) {
                kept.add(row);
            } else if (rankOrder(row, kept.peek()) < 0) {
                kept.poll();
                kept.add(row);
            }
        }
        return kept.stream().sorted(this::rankOrder).mapToInt(Integer::intValue).toArray();
    }

    /** Negative when row {@code a} comes first: more recent activity (none counts as -1), then lower mint. */
    private int rankOrder(int a, int b) {
        int c = Long.compare(activity(b), activity(a));
        return c != 0 ? c : compareMints(a, b);
    }

    private long activity(int row) {
        return (flags(row) & CurveState.HAS_ACTIVITY) != 0 ? lastActivitySlot(row) : -1;
    }

    /** Unsigned byte order of the two rows' mints. */
    int compareMints(int a, int b) {
        long[] pa = page(a);
        long[] pb = page(b);
        int oa = offset(a) + MINT;
        int ob = offset(b) + MINT;
        for (int k = 0; k < 4; k++) {
            int c = Long.compareUnsigned(pa[oa + k], pb[ob + k]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    void read(int row, CurveState s) {
        long[] p = page(row);
        int at = offset(row);
        long meta = p[at + META];
        s.mint = key(p, at + MINT);
        s.creator = key(p, at + CREATOR);
        s.pool = key(p, at + POOL);
        s.status = STATUSES[(int) (meta & 0xFF)];
        s.flags = (int) (meta >>> 8) & 0xFFFF;
        s.protocolFeeBps = (int) (meta >>> 32) & 0xFFFF;
        s.creatorFeeBps = (int) (meta >>> 48) & 0xFFFF;
        s.lastSignature = s.has(CurveState.HAS_TRADE) ? new TxSignature(p[at + SIGNATURE], p[at + SIGNATURE + 1],
                p[at + SIGNATURE + 2], p[at + SIGNATURE + 3], p[at + SIGNATURE + 4], p[at + SIGNATURE + 5],
                p[at + SIGNATURE + 6], p[at + SIGNATURE + 7]) : null;
        s.virtualTokenReserves = p[at + VIRTUAL_TOKEN];
        s.virtualSolReserves = p[at + VIRTUAL_SOL];
        s.realTokenReserves = p[at + REAL_TOKEN];
        s.realSolReserves = p[at + REAL_SOL];
        s.tokenTotalSupply = p[at + SUPPLY];
        s.reservesSlot = p[at + RESERVES_SLOT];
        s.createdSlot = p[at + CREATED_SLOT];
        s.createdTimestamp = p[at + CREATED_TIMESTAMP];
        s.initialRealTokenReserves = p[at + INITIAL_REAL_TOKEN];
        s.lastActivitySlot = p[at + ACTIVITY_SLOT];
        s.buyLamports = p[at + BUY_LAMPORTS];
        s.sellLamports = p[at + SELL_LAMPORTS];
        s.buys = (int) (p[at + COUNTS] >>> 32);
        s.sells = (int) p[at + COUNTS];
        s.lastSlot = p[at + LAST_SLOT];
        s.lastTimestamp = p[at + LAST_TIMESTAMP];
        s.lastSolLamports = p[at + LAST_SOL];
        s.lastTokenAmount = p[at + LAST_TOKENS];
    }

    /** Writes {@code s} into {@code row}, which must hold the same mint. */
    void write(int row, CurveState s) {
        long[] p = page(row);
        int at = offset(row);
        putKey(p, at + CREATOR, s.creator);
        putKey(p, at + POOL, s.pool);
        TxSignature sig = s.lastSignature;
        for (int k = 0; k < 8; k++) {
            p[at + SIGNATURE + k] = sig == null ? 0 : sig.word(k);
        }
        p[at + VIRTUAL_TOKEN] = s.virtualTokenReserves;
        p[at + VIRTUAL_SOL] = s.virtualSolReserves;
        p[at + REAL_TOKEN] = s.realTokenReserves;
        p[at + REAL_SOL] = s.realSolReserves;
        p[at + SUPPLY] = s.tokenTotalSupply;
        p[at + RESERVES_SLOT] = s.reservesSlot;
        p[at + CREATED_SLOT] = s.createdSlot;
        p[at + CREATED_TIMESTAMP] = s.createdTimestamp;
        p[at + INITIAL_REAL_TOKEN] = s.initialRealTokenReserves;
        p[at + ACTIVITY_SLOT] = s.lastActivitySlot;
        p[at + BUY_LAMPORTS] = s.buyLamports;
        p[at + SELL_LAMPORTS] = s.sellLamports;
        p[at + COUNTS] = (long) s.buys << 32 | (s.sells & 0xFFFF_FFFFL);
        p[at + LAST_SLOT] = s.lastSlot;
        p[at + LAST_TIMESTAMP] = s.lastTimestamp;
        p[at + LAST_SOL] = s.lastSolLamports;
        p[at + LAST_TOKENS] = s.lastTokenAmount;
        p[at + META] = s.status.ordinal() | (long) (s.flags & 0xFFFF) << 8 | EXISTS
                | (long) (s.protocolFeeBps & 0xFFFF) << 32 | (long) (s.creatorFeeBps & 0xFFFF) << 48;
    }

    /** Heap held by the table's arrays, for tests and metrics. */
    long bytes() {
        long allocatedPages = (rowsUsed + PAGE_ROWS - 1) >>> PAGE_SHIFT;
        long rowBytes = allocatedPages * (16 + (long) PAGE_ROWS * STRIDE * Long.BYTES) + 16L + 8L * pages.length;
        return rowBytes + 16L + 4L * index.length + 4L * freeRows.length;
    }

    private int newRow() {
        int row = rowsUsed++;
        int page = row >>> PAGE_SHIFT;
        if (page == pages.length) {
            pages = Arrays.copyOf(pages, Math.max(8, pages.length * 2));
        }
        if (pages[page] == null) {
            pages[page] = new long[PAGE_ROWS * STRIDE];
        }
        return row;
    }

    private void growIndex() {
        int[] old = index;
        index = new int[old.length * 2];
        mask = index.length - 1;
        for (int entry : old) {
            if (entry != 0) {
                long[] p = page(entry - 1);
                int at = offset(entry - 1);
                insertIndex(entry - 1, p[at], p[at + 1], p[at + 2], p[at + 3]);
            }
        }
    }

    private void insertIndex(int row, long w0, long w1, long w2, long w3) {
        int i = home(w0, w1, w2, w3);
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = row + 1;
    }

    private boolean isMint(int row, PublicKey mint) {
        long[] p = page(row);
        int at = offset(row) + MINT;
        return p[at] == mint.w0() && p[at + 1] == mint.w1() && p[at + 2] == mint.w2() && p[at + 3] == mint.w3();
    }

    private int home(long w0, long w1, long w2, long w3) {
        // Mints are hashes already, but vanity mints share their last bytes ("...pump"): mix all four words.
        long h = w0 * 0x9E3779B97F4A7C15L + w1;
        h = h * 0x9E3779B97F4A7C15L + w2;
        h = h * 0x9E3779B97F4A7C15L + w3;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h & mask;
    }

    private long[] page(int row) {
        return pages[row >>> PAGE_SHIFT];
    }

    private static int offset(int row) {
        return (row & (PAGE_ROWS - 1)) * STRIDE;
    }

    private static PublicKey key(long[] p, int at) {
        long w0 = p[at];
        long w1 = p[at + 1];
        long w2 = p[at + 2];
        long w3 = p[at + 3];
        return (w0 | w1 | w2 | w3) == 0 ? PublicKey.ZERO : new PublicKey(w0, w1, w2, w3);
    }

    private static void putKey(long[] p, int at, PublicKey k) {
        p[at] = k.w0();
        p[at + 1] = k.w1();
        p[at + 2] = k.w2();
        p[at + 3] = k.w3();
    }
}
