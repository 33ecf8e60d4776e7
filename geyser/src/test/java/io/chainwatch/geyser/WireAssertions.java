package io.chainwatch.geyser;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks of generated messages against bytes that {@link WireWriter} built by hand. */
final class WireAssertions {
    private static final HexFormat HEX = HexFormat.of();

    private WireAssertions() {
    }

    /**
     * Both directions: our encoding of {@code built} is exactly {@code wire} (the writer must list
     * fields in ascending number, as protobuf-java writes them), and {@code wire} parses back to
     * {@code built} with no field left unknown at any depth.
     */
    static <M extends Message> M assertSameWire(WireWriter wire, M built, Parser<M> parser) {
        byte[] expected = wire.toByteArray();
        assertThat(HEX.formatHex(built.toByteArray()))
                .as("our encoding of %s", built.getDescriptorForType().getFullName())
                .isEqualTo(HEX.formatHex(expected));
        M parsed = parse(parser, expected);
        assertNoUnknownFields(parsed);
        assertThat(parsed).isEqualTo(built);
        return parsed;
    }

    static <M extends Message> M parse(Parser<M> parser, byte[] wire) {
        try {
            return parser.parseFrom(wire);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("hand-built bytes do not parse: " + HEX.formatHex(wire), e);
        }
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /**
     * A field number or wire type that our .proto gets wrong makes the parser keep the field as
     * "unknown" instead of failing: this walks the whole message tree looking for any.
     */
    static void assertNoUnknownFields(Message message) {
        assertThat(message.getUnknownFields().asMap())
                .as("unknown fields in %s", message.getDescriptorForType().getFullName())
                .isEmpty();
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            if (field.getValue() instanceof List<?> values) {
                for (Object value : values) {
                    assertNoUnknownFields((Message) value);
                }
            } else {
                assertNoUnknownFields((Message) field.getValue());
            }
        }
    }
}
