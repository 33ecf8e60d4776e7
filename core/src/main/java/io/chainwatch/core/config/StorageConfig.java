package io.chainwatch.core.config;

import java.nio.file.Path;

/**
 * Where state lives. {@code url} is {@code embedded} (PostgreSQL started by chainwatch under
 * {@code dataDir}) or a {@code jdbc:postgresql:} URL. The password is never printed.
 */
public record StorageConfig(String url, String user, String password, Path dataDir) {
    public boolean embedded() {
        return "embedded".equals(url);
    }

    @Override
    public String toString() {
        return "StorageConfig[url=" + Redact.url(url) + ", user=" + user + ", password=" + (password == null ? "none" : "***") + ", dataDir=" + dataDir + "]";
    }
}
