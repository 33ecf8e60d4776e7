package io.chainwatch.app.decode;

import picocli.CommandLine.Command;

/**
 * {@code chainwatch decode}: prints what chainwatch's decoders make of pump.fun and PumpSwap data, as
 * JSON, so that anyone can check it against their own decoding. Not runnable itself: without a
 * subcommand picocli reports the missing one (exit code 2).
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decodes pump.fun and PumpSwap data and prints JSON, to check chainwatch's decoding against your own.",
                "Field names are the programs' IDL names, integers exact, public keys base58. Unreadable input exits with code 2."},
        subcommands = {DecodeAccountCommand.class, DecodeEventCommand.class, DecodeLogsCommand.class, DecodeBlockCommand.class})
public final class DecodeCommand {
}
