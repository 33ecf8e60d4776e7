package io.chainwatch.systemtest.evm;

import io.chainwatch.store.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A PostgreSQL server the test owns (not chainwatch), so it outlives any chainwatch the test
 * starts, stops or kills.
 */
public final class TestPostgres {
    private TestPostgres() {
    }

    /**
     * Starts one under {@code tempDir}. When the tests run as root, PostgreSQL runs as
     * {@code nobody}, which must be able to pass through the folder JUnit made private.
     */
    public static EmbeddedPostgres start(Path tempDir) throws IOException {
        Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwx--x--x"));
        return EmbeddedPostgres.start(EmbeddedPostgres.Options.at(tempDir.resolve("pg")));
    }
}
