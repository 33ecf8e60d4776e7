package io.chainwatch.store.internal;

import io.chainwatch.store.StorageException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The user PostgreSQL's programs run as. PostgreSQL refuses to run as root, so when this JVM's
 * effective uid is 0 the programs run as {@code nobody} (65534) through {@code setpriv}; otherwise
 * they run as the current user. Immutable.
 */
public record RunAs(int uid, int gid, List<String> prefix) {
    public static final int NOBODY = 65534;
    static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    public RunAs {
        prefix = List.copyOf(prefix);
    }

    /** Decides from the effective uid of this process. */
    public static RunAs forThisProcess() {
        int euid = effectiveUid();
        if (euid != 0) {
            return new RunAs(euid, -1, List.of());
        }
        if (!Files.isExecutable(SETPRIV)) {
            throw new StorageException("embedded PostgreSQL: chainwatch runs as root and PostgreSQL refuses to, so it must run as "
                    + "nobody (uid " + NOBODY + ") through setpriv, but " + SETPRIV + " is missing or not executable "
                    + "(install util-linux, or run chainwatch as an ordinary user)");
        }
        return new RunAs(NOBODY, NOBODY, List.of(SETPRIV.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
    }

    /** True when programs run as a user other than this process's. */
    public boolean switchesUser() {
        return !prefix.isEmpty();
    }

    public List<String> command(List<String> program) {
        List<String> out = new ArrayList<>(prefix.size() + program.size());
        out.addAll(prefix);
        out.addAll(program);
        return out;
    }

    /**
     * Gives {@code dir} to the run-as user. No-op when no user switch happens.
     */
    public void own(Path dir) throws IOException {
        if (switchesUser()) {
            Files.setAttribute(dir, "unix:uid", uid);
            Files.setAttribute(dir, "unix:gid", gid);
        }
    }

    /**
     * Fails with a message naming the first directory above {@code dir} that the run-as user cannot
     * traverse. Only checked when switching user: the current user reached {@code dir} already.
     */
    public void requireTraversable(Path dir) throws IOException {
        if (!switchesUser()) {
            return;
        }
        for (Path p = dir.toAbsolutePath().normalize().getParent(); p != null; p = p.getParent()) {
            int owner = (Integer) Files.getAttribute(p, "unix:uid");
            int group = (Integer) Files.getAttribute(p, "unix:gid");
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            boolean ok = owner == uid ? perms.contains(PosixFilePermission.OWNER_EXECUTE)
                    : group == gid ? perms.contains(PosixFilePermission.GROUP_EXECUTE)
                    : perms.contains(PosixFilePermission.OTHERS_EXECUTE);
            if (!ok) {
                throw new StorageException("embedded PostgreSQL data directory " + dir + ": its ancestor " + p
                        + " is not traversable by user nobody (uid " + uid + "), which PostgreSQL runs as because chainwatch "
                        + "runs as root (PostgreSQL refuses root); permissions are "
                        + java.nio.file.attribute.PosixFilePermissions.toString(perms) + " owned by uid " + owner
                        + ". Use a data directory under a world-traversable path or run: chmod o+x " + p);
            }
        }
    }

    static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
            throw new StorageException("embedded PostgreSQL: /proc/self/status has no Uid line");
        } catch (IOException e) {
            throw new StorageException("embedded PostgreSQL: cannot read the effective uid from /proc/self/status: " + e, e);
        }
    }
}
