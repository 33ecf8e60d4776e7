package io.chainwatch.app;

import io.chainwatch.app.decode.DecodeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code chainwatch} command line. */
@Command(name = "chainwatch", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Watches blockchains in real time: ordered, gap-free, reorg-safe market state, with an API and metrics.",
        subcommands = {RunCommand.class, DemoCommand.class, DecodeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code: 0 ok, 1 failure at run time, 2 bad usage or configuration. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The command line with chainwatch's exit codes, writing to the process's standard streams until told otherwise. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof io.chainwatch.core.config.ConfigException ce) {
                cmd.getErr().println("chainwatch: configuration error: " + ce.getMessage());
                return 2;
            }
            cmd.getErr().println("chainwatch: " + e.getMessage());
            return 1;
        });
        return cli;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"chainwatch " + (v == null ? "development build" : v), "Java " + Runtime.version()};
        }
    }
}
