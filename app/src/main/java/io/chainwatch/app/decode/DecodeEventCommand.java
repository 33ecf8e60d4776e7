package io.chainwatch.app.decode;

import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.EventDecoder;
import io.chainwatch.solana.ProgramEvent;
import io.chainwatch.solana.pump.PumpDecoders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code chainwatch decode event --data BASE64}: one event from its own bytes (the 8-byte event
 * discriminator, then the borsh payload), as a {@code Program data:} line carries them and as
 * chainwatch stores them ({@code solana_events.data}: the fields are not stored a second time).
 * Prints {@code {"program", "event", "fields"}}; bytes of no known event print
 * {@code {"program": null, "event": "unknown"}}, and a known discriminator whose payload does not fit
 * its layout {@code {"program", "event": "malformed", "error"}}. Exit code 0 for all three; 2 when
 * the data is not base64.
 */
@Command(name = "event", mixinStandardHelpOptions = true,
        description = {"Decodes one pump or PumpSwap event from its bytes and prints it as one JSON object.",
                "The bytes of a 'Program data:' log line, or of the data column chainwatch stores; other bytes are {\"program\":null,\"event\":\"unknown\"}."})
final class DecodeEventCommand implements Callable<Integer> {
    private static final int DISCRIMINATOR_BYTES = 8;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "BASE64", description = "The event's bytes in base64 (whitespace is ignored)")
    String data;

    @Override
    public Integer call() {
        byte[] bytes;
        try {
            bytes = DecodeAccountCommand.base64(data);
        } catch (UnreadableInputException e) {
            spec.commandLine().getErr().println("chainwatch decode event: " + e.getMessage());
            return 2;
        }
        spec.commandLine().getOut().println(JsonLines.line(describe(bytes)));
        return 0;
    }

    static Map<String, Object> describe(byte[] bytes) {
        Map<String, Object> out = new LinkedHashMap<>();
        // Under a discriminator's 8 bytes nothing tells whose event it would be (in logs, the emitting program does).
        if (bytes.length >= DISCRIMINATOR_BYTES) {
            for (EventDecoder decoder : PumpDecoders.EVENT_DECODERS) {
                DecodeResult<ProgramEvent> result = decoder.decode(bytes);
                if (!(result instanceof DecodeResult.Unknown<ProgramEvent>)) { // unknown: not this program's, ask the next
                    JsonLines.putEvent(out, decoder.programId(), result);
                    return out;
                }
            }
        }
        out.put("program", null);
        out.put("event", "unknown");
        return out;
    }
}
