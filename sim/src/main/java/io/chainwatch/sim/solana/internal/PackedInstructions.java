package io.chainwatch.sim.solana.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A transaction's compiled instructions, outer and inner, packed into one array: the simulator keeps
 * hundreds of thousands of transactions (history, and slots made ahead), some ten instructions each,
 * and as objects (an instruction, its account indexes, its data, the lists of them) they took more
 * heap than their bytes. The data of an event's self-CPI is not packed at all: it is the event the
 * logs carry as base64 ({@link LogsText#eventInstruction}), read back when the instruction is. What
 * serves a transaction outside the WebSocket path (getBlock, getTransaction, Geyser, the wire form)
 * unpacks them as {@link CompiledIx}es, fresh on each call. Stateless.
 *
 * <p>Layout: the number of outer instructions (a byte), then each outer instruction followed by the
 * number of its inner instructions (a byte) and those. An instruction is its program id index, its
 * stack height and its number of accounts (a byte each), the account indexes, then a varint
 * {@code ref}: {@code length << 1} followed by that many bytes of data, or {@code event << 1 | 1} for
 * the {@code event}th event of the logs.
 */
final class PackedInstructions {
    private PackedInstructions() {
    }

    /** Packs one transaction's instructions; reused, one transaction at a time. Owned by its {@link TxBuilder}; not thread-safe. */
    static final class Writer {
        private byte[] buf = new byte[512];
        private int n;

        void start(int outerCount) {
            n = 0;
            u8(outerCount);
        }

        /** Follows an outer instruction: the number of its inner instructions, which come next. */
        void innerCount(int count) {
            u8(count);
        }

        /** @param event the event of the logs whose self-CPI this is, or -1 when {@code data} is the data */
        void instruction(int programIdIndex, int stackHeight, byte[] accounts, byte[] data, int event) {
            u8(programIdIndex);
            u8(stackHeight);
            u8(accounts.length);
            bytes(accounts);
            if (event >= 0) {
                varint(((long) event << 1) | 1);
            } else {
                varint((long) data.length << 1);
                bytes(data);
            }
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, n);
        }

        private void u8(int v) {
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("a packed instruction's byte: need 0..255, got " + v);
            }
            room(1);
            buf[n++] = (byte) v;
        }

        private void varint(long v) {
            room(10);
            while ((v & ~0x7FL) != 0) {
                buf[n++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[n++] = (byte) v;
        }

        private void bytes(byte[] b) {
            room(b.length);
            System.arraycopy(b, 0, buf, n, b.length);
            n += b.length;
        }

        private void room(int more) {
            if (n + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(2 * buf.length, n + more));
            }
        }
    }

    /** The outer instructions (an immutable list). */
    static List<CompiledIx> outer(byte[] packed, byte[][] logs) {
        Reader r = new Reader(packed, logs);
        int count = r.u8();
        List<CompiledIx> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(r.instruction());
            for (int j = r.u8(); j > 0; j--) {
                r.skipInstruction();
            }
        }
        return List.copyOf(out);
    }

    /** The inner instructions of each outer instruction, in order (an empty list where it invoked nothing); immutable lists. */
    static List<List<CompiledIx>> inner(byte[] packed, byte[][] logs) {
        Reader r = new Reader(packed, logs);
        int count = r.u8();
        List<List<CompiledIx>> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            r.skipInstruction();
            int inner = r.u8();
            List<CompiledIx> group = new ArrayList<>(inner);
            for (int j = 0; j < inner; j++) {
                group.add(r.instruction());
            }
            out.add(List.copyOf(group));
        }
        return List.copyOf(out);
    }

    /**
     * The program id index of each event's self-CPI, by the event's place in the logs: the program
     * that emitted it. {@code events} is the number of events the logs carry; each has its self-CPI.
     */
    static int[] eventPrograms(byte[] packed, int events) {
        int[] out = new int[events];
        int found = 0;
        Reader r = new Reader(packed, null);
        int count = r.u8();
        for (int i = 0; i < count; i++) {
            found += r.noteEvent(out);
            for (int j = r.u8(); j > 0; j--) {
                found += r.noteEvent(out);
            }
        }
        if (found != events) {
            throw new IllegalStateException(events + " events logged, " + found + " event instructions");
        }
        return out;
    }

    private static final class Reader {
        private final byte[] packed;
        private final byte[][] logs;
        private int at;

        Reader(byte[] packed, byte[][] logs) {
            this.packed = packed;
            this.logs = logs;
        }

        int u8() {
            return packed[at++] & 0xFF;
        }

        CompiledIx instruction() {
            int program = u8();
            int stackHeight = u8();
            int count = u8();
            byte[] accounts = Arrays.copyOfRange(packed, at, at + count);
            at += count;
            long ref = varint();
            byte[] data;
            if ((ref & 1) != 0) {
                data = LogsText.eventInstruction(logs, (int) (ref >>> 1));
            } else {
                int length = (int) (ref >>> 1);
                data = Arrays.copyOfRange(packed, at, at + length);
                at += length;
            }
            return new CompiledIx(program, accounts, data, stackHeight);
        }

        /** Moves past an instruction; when it carries event {@code e}, notes its program as {@code programs[e]}; returns 1 then, else 0. */
        int noteEvent(int[] programs) {
            int program = packed[at] & 0xFF;
            long ref = skipInstruction();
            if ((ref & 1) == 0) {
                return 0;
            }
            programs[(int) (ref >>> 1)] = program;
            return 1;
        }

        /** Moves past an instruction; returns its data reference: twice the event it carries plus one, or twice its data's length. */
        long skipInstruction() {
            at += 2;
            int accounts = u8();
            at += accounts;
            long ref = varint();
            if ((ref & 1) == 0) {
                at += (int) (ref >>> 1);
            }
            return ref;
        }

        private long varint() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = packed[at++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
        }
    }
}
