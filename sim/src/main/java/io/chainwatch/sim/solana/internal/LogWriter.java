package io.chainwatch.sim.solana.internal;

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
 * <p>Confined to the thread building one transaction; not thread-safe.
 */
final class LogWriter {
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private record Frame(Pubkey program, String id, long budgetAtEntry) {
    }

    private final List<String> lines = new ArrayList<>(40);
    private final List<Frame> stack = new ArrayList<>(4);
    private final long budget;
    private long remaining;

    LogWriter(long budget) {
        this.budget = budget;
        this.remaining = budget;
    }

    int depth() {
        return stack.size();
    }

    void invoke(Pubkey program) {
        String id = program.base58();
        stack.add(new Frame(program, id, remaining));
        lines.add("Program " + id + " invoke [" + stack.size() + "]");
    }

    void log(String message) {
        lines.add("Program log: " + message);
    }

    /** An event logged with {@code sol_log_data}: {@code Program data: <base64>}. */
    void data(byte[] bytes) {
        lines.add("Program data: " + BASE64.encodeToString(bytes));
    }

    /** Return data of the program on top: {@code Program return: X <base64>}. */
    void returnData(byte[] bytes) {
        lines.add("Program return: " + top().id() + " " + BASE64.encodeToString(bytes));
    }

    void spend(long units) {
        remaining = Math.max(0, remaining - units);
    }

    /** The program on top returns; builtins (System, ComputeBudget) log no compute units. */
    void success(boolean builtin) {
        Frame f = stack.removeLast();
        if (!builtin) {
            lines.add("Program " + f.id() + " consumed " + (f.budgetAtEntry() - remaining) + " of " + f.budgetAtEntry() + " compute units");
        }
        lines.add("Program " + f.id() + " success");
    }

    void success() {
        success(false);
    }

    /** The program on top fails with {@code reason}, such as {@code custom program error: 0x1772}. */
    void fail(String reason) {
        Frame f = stack.removeLast();
        lines.add("Program " + f.id() + " consumed " + (f.budgetAtEntry() - remaining) + " of " + f.budgetAtEntry() + " compute units");
        lines.add("Program " + f.id() + " failed: " + reason);
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

    List<String> lines() {
        return List.copyOf(lines);
    }

    private Frame top() {
        return stack.getLast();
    }
}
