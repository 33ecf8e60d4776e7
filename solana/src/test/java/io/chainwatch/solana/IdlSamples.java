package io.chainwatch.solana;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random accounts and events encoded straight from an IDL's field list, with the values a decoder
 * must show for them: a check of our decoders against the layouts that shares no code with them.
 */
public final class IdlSamples {
    /** One encoded record: its bytes (discriminator first), where each field ends, and its expected fields(). */
    public record Sample(byte[] bytes, int[] fieldEnds, Map<String, Object> fields) {
        /** The expected view of the first {@code k} fields. */
        public Map<String, Object> firstFields(int k) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                if (out.size() == k) {
                    break;
                }
                out.put(e.getKey(), e.getValue());
            }
            return out;
        }
    }

    private final JsonNode idl;
    private final SplittableRandom random;

    public IdlSamples(String idlResource, long seed) {
        this.idl = Fixtures.json(idlResource);
        this.random = new SplittableRandom(seed);
    }

    public List<String> fieldNames(String type) {
        List<String> out = new ArrayList<>();
        fields(type).forEach(f -> out.add(f.get("name").asText()));
        return out;
    }

    /** The 8 discriminator bytes the IDL lists for an account or event, as a little-endian long. */
    public long discriminator(String kind, String name) {
        for (JsonNode n : idl.get(kind.equals("event") ? "events" : "accounts")) {
            if (n.get("name").asText().equals(name)) {
                return Discriminators.read(Fixtures.bytes(n.get("discriminator")), 0);
            }
        }
        throw new IllegalArgumentException("no " + kind + " " + name + " in the IDL");
    }

    public Sample sample(String kind, String type) {
        BorshWriter w = new BorshWriter().discriminator(kind + ":" + type);
        JsonNode fields = fields(type);
        int[] ends = new int[fields.size()];
        Map<String, Object> expected = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            JsonNode f = fields.get(i);
            expected.put(f.get("name").asText(), write(w, f.get("type")));
            ends[i] = w.size();
        }
        return new Sample(w.bytes(), ends, expected);
    }

    private JsonNode fields(String type) {
        for (JsonNode t : idl.get("types")) {
            if (t.get("name").asText().equals(type)) {
                return t.get("type").get("fields");
            }
        }
        throw new IllegalArgumentException("no type " + type + " in the IDL");
    }

    /** Writes a random value of {@code type} and returns what fields() must show for it. */
    private Object write(BorshWriter w, JsonNode type) {
        if (type.isTextual()) {
            return switch (type.asText()) {
                case "u8" -> {
                    int v = random.nextInt(256);
                    w.u8(v);
                    yield (long) v;
                }
                case "u16" -> {
                    int v = random.nextInt(65536);
                    w.u16(v);
                    yield (long) v;
                }
                case "u64" -> {
                    long v = interestingLong();
                    w.u64(v);
                    yield exact(new BigInteger(Long.toUnsignedString(v)));
                }
                case "i64" -> {
                    long v = interestingLong();
                    w.i64(v);
                    yield v;
                }
                case "i128", "u128" -> {
                    BigInteger v = new BigInteger(random.nextInt(1, 128), new java.util.Random(random.nextLong()));
                    if (type.asText().equals("i128") && random.nextBoolean()) {
                        v = v.negate();
                    }
                    w.i128(v);
                    yield exact(v);
                }
                case "bool" -> {
                    boolean v = random.nextBoolean();
                    w.bool(v);
                    yield v;
                }
                case "pubkey" -> {
                    PublicKey k = randomKey();
                    w.pubkey(k);
                    yield Base58.encode(k.toBytes());
                }
                case "string" -> {
                    String s = randomString();
                    w.string(s);
                    yield s;
                }
                default -> throw new IllegalArgumentException("type " + type + " not in the test encoder");
            };
        }
        if (type.has("array")) {
            int n = type.get("array").get(1).asInt();
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(write(w, type.get("array").get(0)));
            }
            return out;
        }
        if (type.has("vec")) {
            int n = random.nextInt(4);
            w.u32(n);
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(write(w, type.get("vec")));
            }
            return out;
        }
        if (type.has("defined")) {
            Map<String, Object> struct = new LinkedHashMap<>();
            for (JsonNode f : fields(type.get("defined").get("name").asText())) {
                struct.put(f.get("name").asText(), write(w, f.get("type")));
            }
            return struct;
        }
        throw new IllegalArgumentException("type " + type + " not in the test encoder");
    }

    private long interestingLong() {
        return switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> -1; // u64::MAX
            case 2 -> Long.MIN_VALUE;
            case 3 -> random.nextLong(1_000_000_000_000_000L);
            default -> random.nextLong();
        };
    }

    private PublicKey randomKey() {
        return random.nextInt(8) == 0 ? PublicKey.ZERO : new PublicKey(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
    }

    private String randomString() {
        String alphabet = "abcXYZ019 _-/:.é€🚀";
        int n = random.nextInt(20);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
        }
        return sb.toString();
    }

    /** Long when the value fits one, else BigInteger: the contract of IdlRecord.fields(). */
    static Object exact(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }
}
