package io.chainwatch.evm.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.core.Address;
import io.chainwatch.core.BlockRef;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.Hex;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON edge for EVM answers: parses node JSON into typed records once. A missing or malformed
 * field throws {@link IllegalArgumentException} naming the field; callers turn that into a MALFORMED
 * failure of the endpoint that sent it.
 */
public final class EvmJson {
    private EvmJson() {
    }

    public static BlockRef header(JsonNode block) {
        if (block == null || !block.isObject()) {
            throw new IllegalArgumentException("block: expected an object, got " + kind(block));
        }
        return new BlockRef(Hex.quantity(text(block, "number")), Hash32.of(text(block, "hash")), Hash32.of(text(block, "parentHash")));
    }

    /** The {@code baseFeePerGas} of a block; zero when the block has none (a chain before London). */
    public static java.math.BigInteger baseFee(JsonNode block) {
        if (block == null || !block.isObject()) {
            throw new IllegalArgumentException("block: expected an object, got " + kind(block));
        }
        JsonNode fee = block.get("baseFeePerGas");
        return fee == null || fee.isNull() ? java.math.BigInteger.ZERO : bigQuantity("baseFeePerGas", fee);
    }

    /** Return data of a call: a 0x-prefixed hex string of whole bytes. */
    public static String hexData(JsonNode r) {
        if (r == null || !r.isTextual() || !r.asText().startsWith("0x") || (r.asText().length() & 1) != 0) {
            throw new IllegalArgumentException("result: expected 0x-prefixed hex bytes, got " + kind(r));
        }
        return r.asText();
    }

    /** A transaction receipt: status, gas used and its price, and the logs it emitted. */
    public static TxReceipt receipt(JsonNode r) {
        if (r == null || !r.isObject()) {
            throw new IllegalArgumentException("receipt: expected an object, got " + kind(r));
        }
        JsonNode logsNode = r.get("logs");
        if (logsNode == null || !logsNode.isArray()) {
            throw new IllegalArgumentException("receipt.logs: expected an array, got " + kind(logsNode));
        }
        List<EvmLog> logs;
        try (com.fasterxml.jackson.core.JsonParser p = logsNode.traverse()) {
            p.nextToken();
            logs = logs(p);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("receipt.logs: " + e.getMessage());
        }
        JsonNode price = r.get("effectiveGasPrice");
        if (price == null || price.isNull()) {
            throw new IllegalArgumentException("effectiveGasPrice: expected a hex string, got nothing");
        }
        return new TxReceipt(Hash32.of(text(r, "transactionHash")), Hex.quantity(text(r, "blockNumber")), Hash32.of(text(r, "blockHash")),
                "0x1".equals(text(r, "status")), Hex.quantity(text(r, "gasUsed")), bigQuantity("effectiveGasPrice", price), logs);
    }

    private static java.math.BigInteger bigQuantity(String field, JsonNode v) {
        String s = v.isTextual() ? v.asText() : "";
        if (!s.startsWith("0x") || s.length() < 3 || s.length() > 66) {
            throw new IllegalArgumentException(field + ": expected a hex quantity, got " + kind(v));
        }
        try {
            return new java.math.BigInteger(s.substring(2), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": expected a hex quantity, got " + kind(v));
        }
    }

    /**
     * Reads an array of logs straight from a streaming parser positioned on its START_ARRAY: the
     * hot path for large eth_getLogs answers, with no intermediate tree.
     */
    public static List<EvmLog> logs(com.fasterxml.jackson.core.JsonParser p) throws java.io.IOException {
        if (p.currentToken() != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("logs: expected an array, got " + p.currentToken());
        }
        List<EvmLog> out = new ArrayList<>();
        while (p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
            out.add(log(p));
        }
        return out;
    }

    private static EvmLog log(com.fasterxml.jackson.core.JsonParser p) throws java.io.IOException {
        if (p.currentToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("log: expected an object, got " + p.currentToken());
        }
        String address = null;
        String data = null;
        String blockNumber = null;
        String blockHash = null;
        String txHash = null;
        String txIndex = null;
        String logIndex = null;
        boolean removed = false;
        List<Hash32> topics = null;
        while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
            String field = p.currentName();
            com.fasterxml.jackson.core.JsonToken t = p.nextToken();
            switch (field) {
                case "address" -> address = p.getValueAsString();
                case "data" -> data = p.getValueAsString();
                case "blockNumber" -> blockNumber = p.getValueAsString();
                case "blockHash" -> blockHash = p.getValueAsString();
                case "transactionHash" -> txHash = p.getValueAsString();
                case "transactionIndex" -> txIndex = p.getValueAsString();
                case "logIndex" -> logIndex = p.getValueAsString();
                case "removed" -> removed = t == com.fasterxml.jackson.core.JsonToken.VALUE_TRUE;
                case "topics" -> {
                    if (t != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                        throw new IllegalArgumentException("log.topics: expected an array, got " + t);
                    }
                    topics = new ArrayList<>(4);
                    while (p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
                        if (topics.size() == 4) {
                            throw new IllegalArgumentException("log.topics: more than 4");
                        }
                        topics.add(Hash32.of(required("log.topics[]", p.getValueAsString())));
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (topics == null) {
            throw new IllegalArgumentException("log.topics: expected an array of at most 4, got nothing");
        }
        data = required("data", data);
        if ((data.length() & 1) != 0) {
            throw new IllegalArgumentException("log.data: odd number of hex digits");
        }
        return new EvmLog(Hex.quantity(required("blockNumber", blockNumber)), Hash32.of(required("blockHash", blockHash)),
                Hash32.of(required("transactionHash", txHash)), (int) Hex.quantity(required("transactionIndex", txIndex)),
                (int) Hex.quantity(required("logIndex", logIndex)), Address.of(required("address", address)), topics, data, removed);
    }

    private static String required(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": expected a hex string, got nothing");
        }
        return value;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(field + ": expected a hex string, got " + kind(v));
        }
        return v.asText();
    }

    private static String kind(JsonNode n) {
        if (n == null || n.isNull()) {
            return "nothing";
        }
        String s = n.toString();
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
