package io.chainwatch.sim.solana.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.sim.internal.RpcFailure;
import io.chainwatch.sim.solana.Commitment;
import io.chainwatch.sim.solana.Pubkey;

/**
 * Positional parameters of one Solana call and the pieces of its config object, checked as Agave
 * checks them; every problem is an {@link RpcFailure} with code -32602 and Agave's wording where the
 * wording is part of the contract ("Invalid param: WrongSize"). Immutable.
 */
final class SolanaParams {
    private final JsonNode array;

    private SolanaParams(JsonNode array) {
        this.array = array;
    }

    static SolanaParams of(JsonNode params) {
        if (params != null && !params.isNull() && !params.isArray()) {
            throw invalid("invalid type: " + kind(params) + ", expected a sequence");
        }
        return new SolanaParams(params);
    }

    int size() {
        return array == null || array.isNull() ? 0 : array.size();
    }

    SolanaParams atMost(int count) {
        if (size() > count) {
            throw invalid("invalid length " + size() + ", expected at most " + count + " elements in sequence");
        }
        return this;
    }

    JsonNode required(int index, String expected) {
        JsonNode n = optional(index);
        if (n == null) {
            throw invalid("invalid length " + size() + ", expected " + expected);
        }
        return n;
    }

    /** The argument, or null when absent or JSON null. */
    JsonNode optional(int index) {
        if (index >= size()) {
            return null;
        }
        JsonNode n = array.get(index);
        return n.isNull() ? null : n;
    }

    /** The config object at {@code index}, or null; a string there is the legacy encoding shorthand. */
    JsonNode config(int index) {
        JsonNode n = optional(index);
        if (n != null && !n.isObject() && !n.isTextual()) {
            throw invalid("invalid type: " + kind(n) + ", expected struct config");
        }
        return n;
    }

    static RpcFailure invalid(String message) {
        return new RpcFailure(RpcFailure.INVALID_PARAMS, "Invalid params: " + message + ".");
    }

    static long u64(JsonNode n, String what) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
            throw invalid("invalid type: " + kind(n) + ", expected " + what);
        }
        return n.longValue();
    }

    /** A base58 public key, refused as Agave refuses it. */
    static Pubkey pubkey(JsonNode n) {
        if (n == null || !n.isTextual()) {
            throw invalid("invalid type: " + kind(n) + ", expected a string");
        }
        String s = n.textValue();
        if (s.length() > 44) {
            throw new RpcFailure(RpcFailure.INVALID_PARAMS, "Invalid param: WrongSize");
        }
        byte[] b = Base58.decode(s);
        if (b == null) {
            throw new RpcFailure(RpcFailure.INVALID_PARAMS, "Invalid param: Invalid");
        }
        if (b.length != 32) {
            throw new RpcFailure(RpcFailure.INVALID_PARAMS, "Invalid param: WrongSize");
        }
        return Pubkey.of(b);
    }

    /** A base58 signature; returns its text. */
    static String signature(JsonNode n) {
        if (n == null || !n.isTextual()) {
            throw invalid("invalid type: " + kind(n) + ", expected a string");
        }
        String s = n.textValue();
        if (s.length() > 88) {
            throw new RpcFailure(RpcFailure.INVALID_PARAMS, "Invalid param: WrongSize");
        }
        byte[] b = Base58.decode(s);
        if (b == null) {
            throw new RpcFailure(RpcFailure.INVALID_PARAMS, "Invalid param: Invalid");
        }
        if (b.length != 64) {
            throw new RpcFailure(RpcFailure.INVALID_PARAMS, "Invalid param: WrongSize");
        }
        return s;
    }

    /** The config's commitment (finalized when absent), with the deprecated names mapped as Agave maps them. */
    static Commitment commitment(JsonNode config) {
        JsonNode c = config == null || !config.isObject() ? null : config.get("commitment");
        if (c == null || c.isNull()) {
            return Commitment.FINALIZED;
        }
        if (!c.isTextual()) {
            throw invalid("invalid type: " + kind(c) + ", expected a commitment level");
        }
        return switch (c.textValue()) {
            case "processed", "recent" -> Commitment.PROCESSED;
            case "confirmed", "single", "singleGossip" -> Commitment.CONFIRMED;
            case "finalized", "root", "max" -> Commitment.FINALIZED;
            default -> throw invalid("unknown variant `" + c.textValue()
                    + "`, expected one of `max`, `recent`, `root`, `single`, `singleGossip`, `processed`, `confirmed`, `finalized`");
        };
    }

    /** Methods that read the ledger store refuse processed. */
    static Commitment atLeastConfirmed(JsonNode config) {
        Commitment c = commitment(config);
        if (c == Commitment.PROCESSED) {
            throw new RpcFailure(RpcFailure.INVALID_PARAMS, "Method does not support commitment below `confirmed`");
        }
        return c;
    }

    /** -32016 when the config's minContextSlot is above what the endpoint has reached. */
    static void minContextSlot(JsonNode config, long contextSlot) {
        JsonNode m = config == null || !config.isObject() ? null : config.get("minContextSlot");
        if (m == null || m.isNull()) {
            return;
        }
        if (contextSlot < u64(m, "u64")) {
            throw new RpcFailure(-32016, "Minimum context slot has not been reached", "{\"contextSlot\":" + contextSlot + "}");
        }
    }

    static String text(JsonNode config, String field) {
        JsonNode n = config == null || !config.isObject() ? null : config.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw invalid("invalid type: " + kind(n) + ", expected a string for " + field);
        }
        return n.textValue();
    }

    static Boolean bool(JsonNode config, String field) {
        JsonNode n = config == null || !config.isObject() ? null : config.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw invalid("invalid type: " + kind(n) + ", expected a boolean");
        }
        return n.booleanValue();
    }

    /** The account encoding of a config; {@code fallback} when absent. base64+zstd is not offered. */
    static AccountEncoding accountEncoding(JsonNode config, AccountEncoding fallback) {
        String e = text(config, "encoding");
        if (e == null) {
            return fallback;
        }
        return switch (e) {
            case "binary" -> AccountEncoding.LEGACY_BINARY;
            case "base58" -> AccountEncoding.BASE58;
            case "base64" -> AccountEncoding.BASE64;
            case "jsonParsed" -> AccountEncoding.JSON_PARSED;
            case "base64+zstd" -> throw invalid("base64+zstd is not offered by the chainwatch simulator, use base64");
            default -> throw invalid("unknown variant `" + e + "`, expected one of `binary`, `base58`, `base64`, `jsonParsed`, `base64+zstd`");
        };
    }

    static String kind(JsonNode n) {
        if (n == null || n.isNull()) {
            return "null";
        }
        if (n.isTextual()) {
            return "string \"" + n.textValue() + "\"";
        }
        if (n.isIntegralNumber()) {
            return n.longValue() < 0 ? "integer `" + n.asText() + "`" : "integer `" + n.asText() + "`";
        }
        if (n.isNumber()) {
            return "floating point `" + n.asText() + "`";
        }
        if (n.isBoolean()) {
            return "boolean `" + n.asText() + "`";
        }
        return n.isArray() ? "sequence" : "map";
    }
}
