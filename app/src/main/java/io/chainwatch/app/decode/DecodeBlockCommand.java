package io.chainwatch.app.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.solana.tx.EventExtractor;
import io.chainwatch.solana.tx.RpcTransactionParser;
import io.chainwatch.solana.tx.SolanaBlock;
import io.chainwatch.solana.tx.SolanaTransaction;
import io.chainwatch.solana.tx.TransactionEvent;
import io.chainwatch.solana.tx.TransactionFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code chainwatch decode block --file F}: every pump and PumpSwap event of a getBlock answer, as
 * chainwatch records them: once each (the self-CPI copy, or the log line where there is none),
 * none from failed transactions. One JSON line per event: {@code {"slot", "signature", "txIndex",
 * "eventIndex", "instruction", "innerInstruction", "logIndex", "program", "event", "fields"}}.
 * A getBlock answer does not carry its slot: {@code --slot} gives it, else the input's {@code slot}
 * field if it has one, else it is null.
 */
@Command(name = "block", mixinStandardHelpOptions = true,
        description = {"Prints one JSON line per pump or PumpSwap event of a getBlock answer.",
                "Transactions in json or base64 encoding; each event once (pump emits each twice), none from failed transactions."})
final class DecodeBlockCommand implements Callable<Integer> {
    private static final String NAME = "chainwatch decode block: ";

    @Spec
    CommandSpec spec;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "A getBlock JSON-RPC response, or its result")
    Path file;

    @Option(names = "--slot", paramLabel = "SLOT", description = "The block's slot, which a getBlock answer does not carry")
    Long slot;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (slot != null && slot < 0) {
            err.println(NAME + "--slot: got " + slot + ", a slot is 0 or more");
            return 2;
        }
        SolanaBlock block;
        try {
            JsonNode root = JsonInput.read(file);
            block = parse(root);
        } catch (UnreadableInputException e) {
            err.println(NAME + e.getMessage());
            return 2;
        }
        if (slot != null) {
            block = block.withSlot(slot);
        }
        Long blockSlot = block.slot().isPresent() ? block.slot().getAsLong() : null;
        PrintWriter out = spec.commandLine().getOut();
        EventExtractor extractor = EventExtractor.pumpFamily();
        for (SolanaTransaction tx : block.transactions()) {
            for (TransactionEvent e : extractor.extract(tx)) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("slot", blockSlot);
                line.put("signature", tx.signature());
                line.put("txIndex", tx.index());
                line.put("eventIndex", e.eventIndex());
                line.put("instruction", JsonLines.orNull(e.instructionIndex()));
                line.put("innerInstruction", JsonLines.orNull(e.innerInstructionIndex()));
                line.put("logIndex", JsonLines.orNull(e.logIndex()));
                JsonLines.putEvent(line, e.programId(), e.result());
                out.println(JsonLines.line(line));
            }
        }
        out.flush();
        return 0;
    }

    private SolanaBlock parse(JsonNode root) throws UnreadableInputException {
        try {
            return RpcTransactionParser.parseBlock(root);
        } catch (TransactionFormatException e) {
            throw new UnreadableInputException(file + ": " + e.getMessage());
        }
    }
}
