package io.chainwatch.sim.evm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.Hex;
import io.chainwatch.sim.internal.RpcFailure;

/**
 * Positional parameters of one call, checked like geth checks them (strict hex, no leading zeros
 * in quantities); every problem is an {@link RpcFailure} with code -32602. Immutable.
 */
final class RpcParams {
    private final JsonNode array;

    private RpcParams(JsonNode array) {
        this.array = array;
    }

    static RpcParams of(JsonNode params) {
        if (params != null && !params.isNull() && !params.isArray()) {
            throw new RpcFailure(RpcFailure.INVALID_PARAMS, "non-array args");
        }
        return new RpcParams(params);
    }

    int size() {
        return array == null || array.isNull() ? 0 : array.size();
    }

    RpcParams atMost(int count) {
        if (size() > count) {
            throw new RpcFailure(RpcFailure.INVALID_PARAMS, "too many arguments, want at most " + count);
        }
        return this;
    }

    JsonNode required(int index) {
        JsonNode n = optional(index);
        if (n == null) {
            throw new RpcFailure(RpcFailure.INVALID_PARAMS, "missing value for required argument " + index);
        }
        return n;
    }

    /** The argument, or null when it is absent or JSON null. */
    JsonNode optional(int index) {
        if (index >= size()) {
            return null;
        }
        JsonNode n = array.get(index);
        return n.isNull() ? null : n;
    }

    static long quantity(JsonNode n, int index) {
        String s = text(n, index);
        if (!s.startsWith("0x") && !s.startsWith("0X")) {
            throw invalidArgument(index, "hex string without 0x prefix");
        }
        int digits = s.length() - 2;
        if (digits == 0) {
            throw invalidArgument(index, "hex string \"0x\"");
        }
        if (digits > 1 && s.charAt(2) == '0') {
            throw invalidArgument(index, "hex number with leading zero digits");
        }
        if (digits > 16) {
            throw invalidArgument(index, "hex number > 64 bits");
        }
        for (int i = 2; i < s.length(); i++) {
            if (Hex.digit(s.charAt(i)) < 0) {
                throw invalidArgument(index, "invalid hex string");
            }
        }
        long v = Hex.quantity(s);
        if (v < 0) {
            throw invalidArgument(index, "hex number > 63 bits");
        }
        return v;
    }

    static Hash32 hash(JsonNode n, int index) {
        String s = prefixedHex(n, index);
        if (s.length() != 66) {
            throw invalidArgument(index, "hex string has length " + (s.length() - 2) + ", want 64 for common.Hash");
        }
        return Hash32.of(s);
    }

    static Address address(JsonNode n, int index) {
        String s = prefixedHex(n, index);
        if (s.length() != 42) {
            throw invalidArgument(index, "hex string has length " + (s.length() - 2) + ", want 40 for common.Address");
        }
        return Address.of(s);
    }

    static boolean bool(JsonNode n, int index) {
        if (!n.isBoolean()) {
            throw invalidArgument(index, "json: cannot unmarshal " + n.getNodeType().name().toLowerCase() + " into Go value of type bool");
        }
        return n.booleanValue();
    }

    static String prefixedHex(JsonNode n, int index) {
        String s = text(n, index);
        if (!s.startsWith("0x") && !s.startsWith("0X")) {
            throw invalidArgument(index, "hex string without 0x prefix");
        }
        for (int i = 2; i < s.length(); i++) {
            if (Hex.digit(s.charAt(i)) < 0) {
                throw invalidArgument(index, "invalid hex string");
            }
        }
        return s;
    }

    private static String text(JsonNode n, int index) {
        if (!n.isTextual()) {
            throw invalidArgument(index, "json: cannot unmarshal " + n.getNodeType().name().toLowerCase() + " into a hex string");
        }
        return n.textValue();
    }

    /** geth's shape of a bad positional argument: {@code invalid argument N: reason}, code -32602. */
    static RpcFailure invalidArgument(int index, String reason) {
        return new RpcFailure(RpcFailure.INVALID_PARAMS, "invalid argument " + index + ": " + reason);
    }
}
