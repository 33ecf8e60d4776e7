package io.chainwatch.store.internal;

import io.chainwatch.store.StorageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one of PostgreSQL's programs to completion, output captured (never on our stdout). */
public final class Command {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Command.class);

    private Command() {
    }

    /** How a program ended: its exit code and its combined stdout and stderr. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** The last {@code lines} lines of output, for an error message. */
        public String tail(int lines) {
            return Command.tail(output, lines);
        }
    }

    public static Result run(List<String> command, Duration timeout) {
        Path out = null;
        try {
            out = Files.createTempFile("chainwatch-pg-cmd", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("LC_ALL", "C");
            pb.environment().put("LANG", "C");
            long startNanos = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new StorageException("embedded PostgreSQL: " + String.join(" ", command) + " did not finish within " + timeout
                        + "; output so far:\n" + tail(Files.readString(out, StandardCharsets.UTF_8), 20));
            }
            LOG.debug("{} exited with {} after {} ms", command, p.exitValue(), (System.nanoTime() - startNanos) / 1_000_000);
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StorageException("embedded PostgreSQL: cannot run " + String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("embedded PostgreSQL: interrupted while running " + String.join(" ", command), e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // A leftover few bytes in the temporary directory is harmless.
                }
            }
        }
    }

    /** The last {@code lines} lines of {@code text}. */
    public static String tail(String text, int lines) {
        String[] all = text.strip().split("\n");
        return String.join("\n", java.util.Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
    }
}
