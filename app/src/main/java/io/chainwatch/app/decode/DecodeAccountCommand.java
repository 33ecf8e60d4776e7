package io.chainwatch.app.decode;

import io.chainwatch.solana.AccountDecoder;
import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.ProgramAccount;
import io.chainwatch.solana.pump.PumpDecoders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code chainwatch decode account --data BASE64}: one account's data, told by its discriminator.
 * Prints {@code {"program", "type", "fields"}}; data of no known type prints
 * {@code {"program": null, "type": "unknown"}}, and data that has a known discriminator but does not
 * fit the layout {@code {"program", "type": "malformed", "error"}}. Exit code 0 for all three; 2 when
 * the data is not base64.
 */
@Command(name = "account", mixinStandardHelpOptions = true,
        description = {"Decodes one pump or PumpSwap account and prints it as one JSON object.",
                "BondingCurve, Global, Pool or GlobalConfig, told by the data's discriminator; other data is {\"program\":null,\"type\":\"unknown\"}."})
final class DecodeAccountCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "BASE64", description = "The account data in base64 (whitespace is ignored)")
    String data;

    @Override
    public Integer call() {
        byte[] bytes;
        try {
            bytes = base64(data);
        } catch (UnreadableInputException e) {
            spec.commandLine().getErr().println("chainwatch decode account: " + e.getMessage());
            return 2;
        }
        spec.commandLine().getOut().println(JsonLines.line(describe(bytes)));
        return 0;
    }

    static Map<String, Object> describe(byte[] bytes) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (AccountDecoder decoder : PumpDecoders.ACCOUNT_DECODERS) {
            DecodeResult<ProgramAccount> result = decoder.decode(bytes);
            switch (result) {
                case DecodeResult.Decoded<ProgramAccount>(ProgramAccount account) -> {
                    out.put("program", account.programName());
                    out.put("type", account.typeName());
                    out.put("fields", account.fields());
                    return out;
                }
                case DecodeResult.Malformed<ProgramAccount>(String reason) -> {
                    out.put("program", decoder.programName());
                    out.put("type", "malformed");
                    out.put("error", reason);
                    return out;
                }
                case DecodeResult.Unknown<ProgramAccount> u -> {
                    // Not this program's: ask the next.
                }
            }
        }
        out.put("program", null);
        out.put("type", "unknown");
        return out;
    }

    static byte[] base64(String text) throws UnreadableInputException {
        String compact = text.replaceAll("\\s+", "");
        try {
            return Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw new UnreadableInputException("--data is not base64: " + e.getMessage());
        }
    }
}
