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
