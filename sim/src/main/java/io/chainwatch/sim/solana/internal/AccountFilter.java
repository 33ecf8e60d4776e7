package io.chainwatch.sim.solana.internal;

/** A getProgramAccounts / programSubscribe filter. Immutable. */
public sealed interface AccountFilter {
    boolean matches(AccountData a);

    /** The account's data is exactly {@code size} bytes. */
    record DataSize(long size) implements AccountFilter {
        @Override
        public boolean matches(AccountData a) {
            return a.data().length == size;
        }
    }

    /** The account's data holds {@code bytes} at {@code offset}. */
    record Memcmp(int offset, byte[] bytes) implements AccountFilter {
        @Override
        public boolean matches(AccountData a) {
            byte[] d = a.data();
            if (offset < 0 || (long) offset + bytes.length > d.length) {
                return false;
            }
            for (int i = 0; i < bytes.length; i++) {
                if (d[offset + i] != bytes[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    static boolean all(java.util.List<AccountFilter> filters, AccountData a) {
        for (AccountFilter f : filters) {
            if (!f.matches(a)) {
                return false;
            }
        }
        return true;
    }
}
