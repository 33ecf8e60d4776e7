package io.chainwatch.app.decode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.EventDecoder;
import io.chainwatch.solana.ProgramEvent;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.PumpDecoders;

import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The JSON that decode commands print: one compact object per line. Values are the decoders'
 * {@code fields()} views, so integers are Long or BigInteger and come out as exact JSON numbers.
 */
final class JsonLines {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLines() {
    }

    static String line(Map<String, Object> value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Maps of strings, numbers, booleans, lists and maps always serialize.
            throw new UncheckedIOException("cannot write " + value.keySet() + " as JSON", e);
        }
    }

    /**
     * Puts {@code program}, {@code event} and then {@code fields} (or {@code error}) for one event.
     * An event the decoder does not know is {@code "event": "unknown"}, one whose bytes do not fit its
     * layout {@code "event": "malformed"} with the reason; the program is known either way, by who
     * emitted it.
     */
    static void putEvent(Map<String, Object> line, PublicKey programId, DecodeResult<ProgramEvent> result) {
        switch (result) {
            case DecodeResult.Decoded<ProgramEvent>(ProgramEvent event) -> {
                line.put("program", event.programName());
                line.put("event", event.typeName());
                line.put("fields", event.fields());
            }
            case DecodeResult.Unknown<ProgramEvent> u -> {
                line.put("program", programName(programId));
                line.put("event", "unknown");
            }
            case DecodeResult.Malformed<ProgramEvent>(String reason) -> {
                line.put("program", programName(programId));
                line.put("event", "malformed");
                line.put("error", reason);
            }
        }
    }

    /** The IDL name of a watched program, or its base58 id for any other. */
    static String programName(PublicKey programId) {
        for (EventDecoder d : PumpDecoders.EVENT_DECODERS) {
            if (d.programId().equals(programId)) {
                return d.programName();
            }
        }
        return programId.toBase58();
    }

    /** -1 (not known) as JSON null. */
    static Integer orNull(int index) {
        return index < 0 ? null : index;
    }
}
