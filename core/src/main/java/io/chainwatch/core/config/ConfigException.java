package io.chainwatch.core.config;

/** A configuration value that cannot be used. The message names the key, the value and what is allowed. */
public final class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
