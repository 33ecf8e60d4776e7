package io.chainwatch.store;

import io.chainwatch.core.config.StorageConfig;

import java.nio.file.Path;
import java.time.InstantSource;

/**
 * Run in a child JVM by {@link SolanaCrashRecoveryTest}: opens the embedded database under
 * {@code args[0]}, says {@code URL <jdbc url>}, then writes {@link SolanaStream} for feed
 * {@code args[1]} up to slot {@code args[2]}, saying {@code COMMITTED <slot>} after each commit,
 * until it is killed.
 */
public final class SolanaWriterChild {
    private SolanaWriterChild() {
    }

    public static void main(String[] args) throws Exception {
        Database db = Database.open(new StorageConfig("embedded", null, null, Path.of(args[0])));
        System.out.println("URL " + db.redactedUrl());
        System.out.flush();
        SolanaStream.write(db.solanaStore(InstantSource.system()), args[1], Long.parseLong(args[2]), 20, 0, slot -> {
            System.out.println("COMMITTED " + slot);
            System.out.flush();
        });
        System.out.println("DONE");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
