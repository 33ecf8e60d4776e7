package io.chainwatch.app.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Decoding Solana data" section, as a user runs it: each {@code ./chainwatch decode}
 * command of its {@code sh} blocks runs through bash from the repository root, exactly as written,
 * except that {@code ./chainwatch} (which builds a jar first) is this build's classes on the test
 * class path; its output must match the {@code text} block after it, where {@code ...} stands for
 * any text. The example files are the fixtures', and the example block is the one {@link BuyBlock}
 * builds (run with {@code -Dchainwatch.writeExamples=true} to write it again).
 */
@Timeout(120)
class ReadmeDecodeExamplesTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path EXAMPLES = ROOT.resolve("examples/solana");
    private static final String SECTION = "## Decoding Solana data";

    private record Example(String command, List<String> expected) {
    }

    @Test
    void everyDecodeCommandInTheReadmePrintsWhatTheReadmeShows() throws Exception {
        List<Example> examples = examples(Files.readString(ROOT.resolve("README.md")));
        assertThat(examples).extracting(e -> e.command().split(" ")[2]).containsExactly("account", "event", "logs", "block");
        for (Example e : examples) {
            Process p = bash(e.command());
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(e.command() + "\n" + err).isZero();
            assertThat(err).as(e.command()).isEmpty();
            List<String> lines = out.lines().toList();
            assertThat(lines).as(e.command()).hasSameSizeAs(e.expected());
            for (int i = 0; i < lines.size(); i++) {
                assertThat(lines.get(i)).as(e.command()).matches(wildcards(e.expected().get(i)));
            }
        }
    }

    @Test
    void theExampleFilesAreTheRealDataAndTheBlockBuiltFromIt() throws Exception {
        assertThat(Files.readString(EXAMPLES.resolve("bonding-curve.b64")).strip()).isEqualTo(DecodeCommandTest.curveBase64());
        assertThat(BuyBlock.MAPPER.readTree(EXAMPLES.resolve("buy-tx-logs.json").toFile())).isEqualTo(BuyBlock.fixture("buy-tx-logs.json"));
        assertThat(Files.readString(EXAMPLES.resolve("trade-event.b64")).strip()).isEqualTo(DecodeCommandTest.tradeEventBase64());
        ObjectNode block = exampleBlock();
        if (Boolean.getBoolean("chainwatch.writeExamples")) {
            Files.writeString(EXAMPLES.resolve("getblock-buy.json"), BuyBlock.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(block) + "\n");
        }
        JsonNode file = BuyBlock.MAPPER.readTree(EXAMPLES.resolve("getblock-buy.json").toFile());
        // Through text, as numbers read back as the smallest node type that holds them.
        assertThat(file).isEqualTo(BuyBlock.MAPPER.readTree(block.toString()));
    }

    /** A failed buy (no events), then the real one: json encoding, v0 transactions. */
    static ObjectNode exampleBlock() {
        BuyBlock buy = new BuyBlock();
        return BuyBlock.getBlock(List.of(buy.failedV0("example: a buy that failed on slippage", false),
                buy.succeededJsonV0("example: the mainnet buy")));
    }

    private static Process bash(String command) throws Exception {
        assertThat(command).startsWith("./chainwatch decode ");
        String launcher = "\"$CHAINWATCH_JAVA\" -cp \"$CHAINWATCH_CP\" io.chainwatch.app.Main";
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", launcher + command.substring("./chainwatch".length()))
                .directory(ROOT.toFile());
        pb.environment().put("CHAINWATCH_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("CHAINWATCH_CP", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        return pb.start();
    }

    /** Each {@code sh} block's {@code ./chainwatch decode} command, with the lines of the {@code text} block that follows it. */
    private static List<Example> examples(String readme) {
        int start = readme.indexOf(SECTION);
        assertThat(start).as("README section '" + SECTION + "'").isNotNegative();
        int end = readme.indexOf("\n## ", start + SECTION.length());
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        Matcher m = Pattern.compile("```(sh|text)\\n(.*?)```", Pattern.DOTALL).matcher(section);
        List<Example> out = new ArrayList<>();
        String command = null;
        while (m.find()) {
            if (m.group(1).equals("sh")) {
                List<String> commands = m.group(2).lines().filter(l -> l.startsWith("./chainwatch decode ")).toList();
                assertThat(commands).as("one decode command per sh block").hasSize(1);
                command = commands.getFirst();
            } else {
                assertThat(command).as("a text block follows the sh block of its command").isNotNull();
                out.add(new Example(command, m.group(2).lines().toList()));
                command = null;
            }
        }
        return out;
    }

    /** The README's line as a pattern: literal text, where {@code ...} is any text. */
    private static String wildcards(String shown) {
        String[] parts = shown.split(Pattern.quote("..."), -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return regex.toString();
    }
}
