package io.chainwatch.app.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.solana.tx.EventExtractor;
import io.chainwatch.solana.tx.TransactionEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code chainwatch decode logs --file F}: the pump and PumpSwap events in one transaction's log
 * messages, one JSON line each: {@code {"eventIndex", "logIndex", "instruction", "program", "event",
 * "fields"}}. A {@code Program data:} line counts only while a watched program is on top of the invoke
 * stack. These are the logs' events: a failed transaction's were rolled back, and truncated logs lack
 * the rest; both are said on stderr. {@code decode block} reports events as chainwatch stores them.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Prints one JSON line per pump or PumpSwap event in a transaction's log messages.",
                "FILE holds a JSON array of log lines, an object with logMessages or log_messages, or a getTransaction answer."})
final class DecodeLogsCommand implements Callable<Integer> {
    private static final String NAME = "chainwatch decode logs: ";

    @Spec
    CommandSpec spec;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "The log messages (JSON)")
    Path file;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<String> logs;
        JsonNode root;
        try {
            root = JsonInput.read(file);
        } catch (UnreadableInputException e) {
            err.println(NAME + e.getMessage());
            return 2;
        }
        try {
            logs = logMessages(root);
        } catch (UnreadableInputException e) {
            err.println(NAME + file + ": " + e.getMessage());
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        for (TransactionEvent e : EventExtractor.pumpFamily().extractFromLogs(logs)) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("eventIndex", e.eventIndex());
            line.put("logIndex", e.logIndex());
            line.put("instruction", JsonLines.orNull(e.instructionIndex()));
            JsonLines.putEvent(line, e.programId(), e.result());
            out.println(JsonLines.line(line));
        }
        out.flush();
        notes(root, logs, err);
        return 0;
    }

    /** What the logs cannot show, on stderr, so that stdout stays JSON lines. */
    private void notes(JsonNode root, List<String> logs, PrintWriter err) {
        for (int i = 0; i < logs.size(); i++) {
            if (logs.get(i).startsWith("Log truncated")) {
                err.println(NAME + "note: " + file + ": the log was truncated at line " + i + "; events after it are only in the"
                        + " transaction's inner instructions (decode block reads those)");
            }
        }
        JsonNode meta = root.isObject() ? (root.has("result") ? root.path("result").path("meta") : root.path("meta")) : null;
        if (meta != null && meta.isObject() && meta.hasNonNull("err")) {
            err.println(NAME + "note: " + file + ": the transaction failed (" + meta.get("err") + "): these events were rolled back");
        }
    }

    /** The log lines from any of the accepted shapes. */
    static List<String> logMessages(JsonNode root) throws UnreadableInputException {
        if (root.isArray()) {
            return strings(root, "the array");
        }
        if (!root.isObject()) {
            throw new UnreadableInputException("expected log messages (a JSON array, an object with logMessages or log_messages, "
                    + "or a getTransaction answer), got " + root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        JsonNode error = root.get("error");
        if (error != null && !error.isNull()) {
            throw new UnreadableInputException("the node answered with an error: " + error);
        }
        JsonNode node = root;
        String where = "";
        if (root.has("result")) {
            node = root.get("result");
            where = "result.";
            if (node.isNull()) {
                throw new UnreadableInputException("result is null: the node has no such transaction");
            }
        }
        for (String key : new String[]{"logMessages", "log_messages", "logs"}) {
            if (node.has(key)) {
                return strings(node.get(key), where + key);
            }
        }
        if (node.has("meta")) {
            JsonNode logs = node.get("meta").path("logMessages");
            if (logs.isMissingNode() || logs.isNull()) {
                throw new UnreadableInputException(where + "meta.logMessages is missing or null: the node recorded no log messages");
            }
            return strings(logs, where + "meta.logMessages");
        }
        throw new UnreadableInputException("no log messages: expected a JSON array, an object with logMessages or log_messages, "
                + "or a getTransaction answer (result.meta.logMessages)");
    }

    private static List<String> strings(JsonNode array, String where) throws UnreadableInputException {
        if (!array.isArray()) {
            throw new UnreadableInputException(where + " is not an array of log lines");
        }
        List<String> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isTextual()) {
                throw new UnreadableInputException(where + "[" + i + "] is not a string");
            }
            out.add(array.get(i).textValue());
        }
        return out;
    }
}
