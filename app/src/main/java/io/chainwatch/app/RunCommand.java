package io.chainwatch.app;

import io.chainwatch.core.config.ChainwatchConfig;
import io.chainwatch.core.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Runs chainwatch with a configuration file (environment variables override its keys).")
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "YAML configuration")
    Path config;

    @Override
    public Integer call() throws Exception {
        ChainwatchConfig cfg = new ConfigLoader(System.getenv()).load(config);
        try (Chainwatch cw = Chainwatch.start(cfg)) {
            System.out.println("chainwatch running: API http://" + cfg.api().host() + ":" + cw.apiPort() + "/api/v1/performance/health");
            cw.awaitShutdown();
        }
        return 0;
    }
}
