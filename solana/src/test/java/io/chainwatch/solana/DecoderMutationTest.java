package io.chainwatch.solana;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Seeded random mutations of the fuzz seeds (flipped bits, set bytes, cuts, insertions, length
 * prefixes made huge), through the same checks as {@link DecoderFuzzTest}: Jazzer's regression mode
 * replays only the seeds, and its instrumentation cannot read Java 25 classes, so this is what
 * exercises the decoders on damaged input in every build.
 */
@Timeout(120)
class DecoderMutationTest {
    private static final int MUTANTS_PER_SEED = 3_000;
    private final DecoderFuzzTest fuzz = new DecoderFuzzTest();
    private final SplittableRandom random = new SplittableRandom(20_260_209);

    @Test
    void pumpEventDecoderSurvivesMutatedEvents() {
        mutate("pumpEvents", fuzz::pumpEvents);
    }

    @Test
    void pumpAmmEventDecoderSurvivesMutatedEvents() {
        mutate("pumpAmmEvents", fuzz::pumpAmmEvents);
    }

    @Test
    void accountDecodersSurviveMutatedAccounts() {
        mutate("accounts", fuzz::accounts);
    }

    @Test
    void logEventParserSurvivesMutatedLogs() {
        mutate("logs", fuzz::logs);
    }

    @Test
    void base58SurvivesMutatedText() {
        mutate("base58", fuzz::base58);
    }

    private void mutate(String method, java.util.function.Consumer<byte[]> target) {
        List<byte[]> seeds = seeds(method);
        for (byte[] seed : seeds) {
            target.accept(seed);
            for (int i = 0; i < MUTANTS_PER_SEED; i++) {
                target.accept(mutant(seed));
            }
        }
    }

    private byte[] mutant(byte[] seed) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            if (b.length == 0) {
                b = new byte[] {(byte) random.nextInt(256)};
                continue;
            }
            int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = (byte) random.nextInt(256);
                case 2 -> b = java.util.Arrays.copyOf(b, at);
                case 3 -> {
                    byte[] longer = new byte[b.length + 1 + random.nextInt(40)];
                    System.arraycopy(b, 0, longer, 0, at);
                    System.arraycopy(b, at, longer, longer.length - (b.length - at), b.length - at);
                    b = longer;
                }
                case 4 -> {
                    // A length prefix (string, vec) made huge or negative-looking.
                    for (int k = 0; k < 4 && at + k < b.length; k++) {
                        b[at + k] = (byte) (k == 3 ? 0x7F : 0xFF);
                    }
                }
                default -> b[at] = (byte) random.nextInt(3); // bools and option tags near their range
            }
        }
        return b;
    }

    private static List<byte[]> seeds(String method) {
        try {
            Path dir = Path.of(DecoderMutationTest.class.getResource("DecoderFuzzTestInputs/" + method).toURI());
            List<byte[]> out = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.sorted().toList()) {
                    out.add(Files.readAllBytes(p));
                }
            }
            if (out.isEmpty()) {
                throw new IllegalStateException("no fuzz seeds for " + method);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
