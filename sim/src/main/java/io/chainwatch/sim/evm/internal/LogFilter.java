package io.chainwatch.sim.evm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.sim.evm.SimLog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The address and topic criteria of eth_getLogs and of a logs subscription, with geth's matching
 * rules: an empty address set matches any address; an empty topic set is a wildcard; a filter with
 * more topic positions than a log has never matches it.
 */
public record LogFilter(Set<Address> addresses, List<Set<Hash32>> topics) {
    public static final LogFilter ANY = new LogFilter(Set.of(), List.of());
    private static final int MAX_TOPICS = 4;

    public LogFilter {
        addresses = Set.copyOf(addresses);
        topics = List.copyOf(topics);
    }

    public boolean matches(SimLog log) {
        if (!addresses.isEmpty() && !addresses.contains(log.address())) {
            return false;
        }
        if (topics.size() > log.topics().size()) {
            return false;
        }
        for (int i = 0; i < topics.size(); i++) {
            Set<Hash32> wanted = topics.get(i);
            if (!wanted.isEmpty() && !wanted.contains(log.topics().get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Reads {@code address} and {@code topics} of a filter object; other fields are the caller's. */
    static LogFilter parse(JsonNode filter, int index) {
        if (filter == null || filter.isNull()) {
            return ANY;
        }
        if (!filter.isObject()) {
            throw RpcParams.invalidArgument(index, "filter must be an object");
        }
        return new LogFilter(addresses(filter.get("address"), index), topics(filter.get("topics"), index));
    }

    private static Set<Address> addresses(JsonNode n, int index) {
        if (n == null || n.isNull()) {
            return Set.of();
        }
        Set<Address> out = new HashSet<>();
        if (n.isArray()) {
            for (JsonNode a : n) {
                out.add(RpcParams.address(a, index));
            }
        } else {
            out.add(RpcParams.address(n, index));
        }
        return out;
    }

    private static List<Set<Hash32>> topics(JsonNode n, int index) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw RpcParams.invalidArgument(index, "topics must be an array");
        }
        if (n.size() > MAX_TOPICS) {
            throw RpcParams.invalidArgument(index, "exceed max topics");
        }
        List<Set<Hash32>> out = new ArrayList<>();
        for (JsonNode position : n) {
            out.add(position(position, index));
        }
        return out;
    }

    private static Set<Hash32> position(JsonNode position, int index) {
        if (position.isNull()) {
            return Set.of();
        }
        if (!position.isArray()) {
            return Set.of(RpcParams.hash(position, index));
        }
        Set<Hash32> alternatives = new HashSet<>();
        for (JsonNode t : position) {
            if (t.isNull()) {
                return Set.of(); // a null among the alternatives matches anything
            }
            alternatives.add(RpcParams.hash(t, index));
        }
        return alternatives;
    }
}
