package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.internal.JsonText;
import io.chainwatch.sim.solana.Pubkey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Writes a transaction's log messages as the runtime does: {@code Program X invoke [n]} when a
 * program is entered (n is the depth), what the program logs while it is on top of the stack, and
 * on return {@code Program X consumed U of B compute units} (for on-chain programs, not builtins)
 * and {@code Program X success} or {@code failed: ...}. Keeps the compute budget: B is what was
 * left when the program was entered, U what it and its callees used.
 *
 * <p>The lines go straight into their JSON array text ({@link #json()}), the one form the
 * simulator keeps: every notification, block and ground-truth view of the logs starts from it, so
 * the lines are never held as strings of their own.
 *
 * <p>Reused by its {@link TxBuilder}, one transaction at a time ({@link #start}). Confined to the
 * thread building transactions; not thread-safe.
 */
final class LogWriter {
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    /** About what a pump trade's logs take as JSON, so that most transactions never grow the buffer. */
    private static final int TYPICAL_JSON_CHARS = 4_096;

    private record Frame(String id, long budgetAtEntry) {
    }

    private final StringBuilder json = new StringBuilder(TYPICAL_JSON_CHARS);
    private final List<Frame> stack = new ArrayList<>(4);
    private long budget;
    private long remaining;
    private byte[] base64 = new byte[512];

    LogWriter(long budget) {
        start(budget);
    }

    /** Forgets the lines written so far and starts a transaction's logs with {@code budget} compute units. */
    void start(long budget) {
        json.setLength(0);
        json.append('[');
        stack.clear();
        this.budget = budget;
        this.remaining = budget;
    }

    int depth() {
        return stack.size();
    }

    void invoke(Pubkey program) {
        String id = program.base58();
        stack.add(new Frame(id, remaining));
        line().append("Program ").append(id).append(" invoke [").append(stack.size()).append("]\"");
    }

    void log(String message) {
        JsonText.escaped(line().append("Program log: "), message).append('"');
    }

    /** An event logged with {@code sol_log_data}: {@code Program data: <base64>}. */
    void data(byte[] bytes) {
        appendBase64(line().append("Program data: "), bytes).append('"');
    }

    /** Return data of the program on top: {@code Program return: X <base64>}. */
    void returnData(byte[] bytes) {
        appendBase64(line().append("Program return: ").append(stack.getLast().id()).append(' '), bytes).append('"');
    }

    void spend(long units) {
        remaining = Math.max(0, remaining - units);
    }

    /** The program on top returns; builtins (System, ComputeBudget) log no compute units. */
    void success(boolean builtin) {
        Frame f = stack.removeLast();
        if (!builtin) {
            consumed(f);
        }
        line().append("Program ").append(f.id()).append(" success\"");
    }

    void success() {
        success(false);
    }

    /** The program on top fails with {@code reason}, such as {@code custom program error: 0x1772}. */
    void fail(String reason) {
        Frame f = stack.removeLast();
        consumed(f);
        JsonText.escaped(line().append("Program ").append(f.id()).append(" failed: "), reason).append('"');
    }

    /** A builtin program entered and left at once, as System transfers and ComputeBudget show. */
    void builtin(Pubkey program, long units) {
        invoke(program);
        spend(units);
        success(true);
    }

    long consumed() {
        return budget - remaining;
    }

    /** The lines so far as a JSON array of strings, as {@code logMessages} and logsNotification show them. */
    String json() {
        String text = json.append(']').toString();
        json.setLength(json.length() - 1);
        return text;
    }

    /** The lines so far, read back from {@link #json()}. */
    List<String> lines() {
        return JsonText.strings(json());
    }

    private void consumed(Frame f) {
        line().append("Program ").append(f.id()).append(" consumed ").append(f.budgetAtEntry() - remaining).append(" of ")
                .append(f.budgetAtEntry()).append(" compute units\"");
    }

    /** Starts the next line: a comma after the previous one, and the opening quote. */
    private StringBuilder line() {
        return json.length() > 1 ? json.append(",\"") : json.append('"');
    }

    /** Base64 into the buffer without an intermediate String: every event of every transaction passes here. */
    private StringBuilder appendBase64(StringBuilder sb, byte[] bytes) {
        int n = 4 * ((bytes.length + 2) / 3);
        if (base64.length < n) {
            base64 = new byte[n];
        }
        int written = BASE64.encode(bytes, base64);
        for (int i = 0; i < written; i++) {
            sb.append((char) base64[i]);
        }
        return sb;
    }
}
