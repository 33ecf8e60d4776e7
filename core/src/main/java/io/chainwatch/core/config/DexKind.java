package io.chainwatch.core.config;

public enum DexKind {
    UNISWAP_V2("uniswap-v2");

    private final String configName;

    DexKind(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static DexKind parse(String text) {
        for (DexKind k : values()) {
            if (k.configName.equals(text)) {
                return k;
            }
        }
        throw new IllegalArgumentException(text);
    }
}
