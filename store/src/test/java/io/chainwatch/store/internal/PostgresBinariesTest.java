package io.chainwatch.store.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class PostgresBinariesTest {
    @TempDir
    Path cache;

    @Test
    void unpackersRacingForTheSameCacheAllGetOneCompleteInstall() throws Exception {
        int racers = 2;
        CyclicBarrier start = new CyclicBarrier(racers);
        List<Future<Path>> installs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
            for (int i = 0; i < racers; i++) {
                installs.add(pool.submit(() -> {
                    start.await();
                    return PostgresBinaries.install(cache);
                }));
            }
            Path first = installs.getFirst().get();
            for (Future<Path> f : installs) {
                assertThat(f.get()).isEqualTo(first);
            }
            assertThat(first.getFileName().toString()).matches("chainwatch-pg-[0-9a-f]{16}");
            try (var left = Files.list(cache)) {
                assertThat(left).as("temporary directories are cleaned up").containsExactly(first);
            }
            for (String program : List.of("initdb", "pg_ctl", "postgres")) {
                assertThat(Files.getPosixFilePermissions(first.resolve("bin").resolve(program)))
                        .contains(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);
            }
            assertThat(Files.getPosixFilePermissions(first)).contains(PosixFilePermission.OTHERS_EXECUTE).doesNotContain(PosixFilePermission.OTHERS_WRITE);
            // A second call uses the cache as it is.
            assertThat(PostgresBinaries.install(cache)).isEqualTo(first);
        }
    }
}
