package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.internal.JsonText;
import io.chainwatch.sim.solana.Pubkey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a transaction's log messages as the runtime does: {@code Program X invoke [n]} when a
 * program is entered (n is the depth), what the program logs while it is on top of the stack, and
 * on return {@code Program X consumed U of B compute units} (for on-chain programs, not builtins)
 * and {@code Program X success} or {@code failed: ...}. Keeps the compute budget: B is what was
 * left when the program was entered, U what it and its callees used.
 *
 * <p>The lines go straight into their JSON array text ({@link #json()}), and a transaction keeps
 * them in the form its logsNotification sends ({@link #pieces}, see {@link LogsText}): every
 * notification, block and ground-truth view of the logs starts from it, so the lines are never held
 * as strings of their own. All lines but the events' {@code Program data:} are the same in every
 * transaction of a shape (a buy, a routed buy, a create...): the runs of text between the events are
 * kept here once and shared by every transaction that has them, which leaves a transaction only its
 * signature and its events' base64 of its own.
 *
 * <p>Reused by its {@link TxBuilder}, one transaction at a time ({@link #start}). Confined to the
 * thread building transactions; not thread-safe.
 */
final class LogWriter {
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    /** About what a pump trade's logs take as JSON, so that most transactions never grow the buffer. */
    private static final int TYPICAL_JSON_CHARS = 4_096;
    /**
     * Shared runs kept at most; past it they are forgotten and kept anew (what was handed out stays
     * valid: it is never written). A few hundred exist: transaction shapes times their errors.
     */
    private static final int MAX_RUNS = 4_096;

    private record Frame(String id, long budgetAtEntry) {
    }

    private final StringBuilder json = new StringBuilder(TYPICAL_JSON_CHARS);
    private final List<Frame> stack = new ArrayList<>(4);
    private long budget;
    private long remaining;
    private byte[] base64 = new byte[512];
    /** Where each {@code Program data:} line's base64 starts and ends in {@link #json}: {@code [from0, to0, from1, to1, ...]}. */
    private int[] dataRanges = new int[8];
    private int dataLines;
    /** Shared runs of log text, by their text. */
    private final Map<String, byte[]> runs = new HashMap<>();

    LogWriter(long budget) {
        start(budget);
    }

    /** Forgets the lines written so far and starts a transaction's logs with {@code budget} compute units. */
    void start(long budget) {
        json.setLength(0);
        json.append('[');
        dataLines = 0;
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
        line().append("Program data: ");
        if (2 * dataLines + 2 > dataRanges.length) {
            dataRanges = Arrays.copyOf(dataRanges, 2 * dataRanges.length);
        }
        dataRanges[2 * dataLines] = json.length();
        appendBase64(json, bytes);
        dataRanges[2 * dataLines + 1] = json.length();
        dataLines++;
        json.append('"');
    }

    /** {@code Program data:} lines written so far. */
    int dataLines() {
        return dataLines;
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

    /**
     * The lines so far as the part of a logsNotification that follows {@code "signature":"}, in the
     * pieces {@link LogsText} describes: the signature, then runs shared with other transactions and
     * this one's event data, alternating.
     */
    byte[][] pieces(String signature, String errJson) {
        byte[][] pieces = new byte[2 + 2 * dataLines][];
        pieces[0] = signature.getBytes(StandardCharsets.US_ASCII);
        int from = 0;
        for (int i = 0; i < dataLines; i++) {
            int dataFrom = dataRanges[2 * i];
            int dataTo = dataRanges[2 * i + 1];
            pieces[1 + 2 * i] = run(i == 0 ? LogsText.logsHead(errJson) : "", from, dataFrom, "");
            pieces[2 + 2 * i] = json.substring(dataFrom, dataTo).getBytes(StandardCharsets.US_ASCII);
            from = dataTo;
        }
        pieces[pieces.length - 1] = run(dataLines == 0 ? LogsText.logsHead(errJson) : "", from, json.length(), LogsText.TAIL);
        return pieces;
    }

    /** The lines so far, read back from {@link #json()}. */
    List<String> lines() {
        return JsonText.strings(json());
    }

    private void consumed(Frame f) {
        line().append("Program ").append(f.id()).append(" consumed ").append(f.budgetAtEntry() - remaining).append(" of ")
                .append(f.budgetAtEntry()).append(" compute units\"");
    }

    /** {@code before}, the text {@code json[from, to)}, {@code after}, as UTF-8: the one copy kept of it. */
    private byte[] run(String before, int from, int to, String after) {
        String text = new StringBuilder(before.length() + to - from + after.length()).append(before).append(json, from, to)
                .append(after).toString();
        byte[] kept = runs.get(text);
        if (kept == null) {
            if (runs.size() >= MAX_RUNS) {
                runs.clear();
            }
            kept = text.getBytes(StandardCharsets.UTF_8);
            runs.put(text, kept);
        }
        return kept;
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
