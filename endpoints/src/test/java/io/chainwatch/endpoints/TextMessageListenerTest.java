package io.chainwatch.endpoints;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Proxy;
import java.net.http.WebSocket;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Messages whole or in parts, as array-backed buffers or other text, and the size bound. */
@Timeout(10)
class TextMessageListenerTest {
    private final List<String> messages = new ArrayList<>();
    private final List<String> faults = new ArrayList<>();
    private final CountingSocket counter = new CountingSocket();
    private final WebSocket socket = counter.socket();
    private final TextMessageListener listener = new TextMessageListener(16, messages::add, (kind, why) -> faults.add(kind + " " + why));

    @Test
    void aMessageInOnePartIsHandedOnAsItIs() {
        char[] chars = "xx{\"id\":1}yy".toCharArray();
        listener.onText(socket, CharBuffer.wrap(chars, 2, 8), true);
        listener.onText(socket, "{\"id\":2}", true);
        assertThat(messages).containsExactly("{\"id\":1}", "{\"id\":2}");
        assertThat(counter.requested).isEqualTo(2);
    }

    @Test
    void partsAreJoinedIntoOneMessage() {
        listener.onText(socket, CharBuffer.wrap("{\"id\"".toCharArray()), false);
        listener.onText(socket, ":3", false);
        listener.onText(socket, CharBuffer.wrap("}".toCharArray()), true);
        listener.onText(socket, "{}", true);
        assertThat(messages).containsExactly("{\"id\":3}", "{}");
        assertThat(counter.requested).isEqualTo(4);
    }

    @Test
    void aMessageOverTheBoundIsAFaultInOnePartOrInSeveral() {
        listener.onText(socket, "x".repeat(17), true);
        listener.onText(socket, "x".repeat(10), false);
        listener.onText(socket, "x".repeat(7), true);
        assertThat(messages).isEmpty();
        assertThat(faults).hasSize(2).allMatch(f -> f.startsWith("OVERSIZED"));
        assertThat(counter.requested).isEqualTo(1);
    }

    @Test
    void bytesFromOurClientReachAStringConsumerAsOneStringAndABytesConsumerAsTheyAre() {
        byte[] frame = "xx{\"é\":1}yy".getBytes(StandardCharsets.UTF_8);
        listener.onText(socket, frame, 2, 8);
        List<String> asBytes = new ArrayList<>();
        TextMessageListener utf8 = TextMessageListener.ofUtf8(16, (bytes, offset, length) -> {
            assertThat(bytes).as("the socket's own buffer, no copy").isSameAs(frame);
            asBytes.add(offset + ":" + new String(bytes, offset, length, StandardCharsets.UTF_8));
        }, (kind, why) -> faults.add(kind + " " + why));
        utf8.onText(socket, frame, 2, 8);
        assertThat(messages).containsExactly("{\"é\":1}");
        assertThat(asBytes).containsExactly("2:{\"é\":1}");
        assertThat(counter.requested).isEqualTo(2);
    }

    @Test
    void aBytesConsumerGetsTheJdkClientsTextEncodedAndOversizedBytesAreAFault() {
        List<String> asBytes = new ArrayList<>();
        TextMessageListener utf8 = TextMessageListener.ofUtf8(16, (bytes, offset, length) ->
                asBytes.add(new String(bytes, offset, length, StandardCharsets.UTF_8)), (kind, why) -> faults.add(kind + " " + why));
        utf8.onText(socket, "{\"é\"", false);
        utf8.onText(socket, CharBuffer.wrap(":1}".toCharArray()), true);
        utf8.onText(socket, new byte[17], 0, 17);
        assertThat(asBytes).containsExactly("{\"é\":1}");
        assertThat(faults).hasSize(1).allMatch(f -> f.startsWith("OVERSIZED"));
        assertThat(counter.requested).isEqualTo(2);
    }

    /** Counts what the listener asks for; anything else it would do with the socket fails the test. */
    private static final class CountingSocket {
        long requested;

        WebSocket socket() {
            return (WebSocket) Proxy.newProxyInstance(WebSocket.class.getClassLoader(), new Class<?>[] {WebSocket.class}, (proxy, method, args) -> {
                if (!method.getName().equals("request")) {
                    throw new AssertionError("the listener called " + method.getName());
                }
                requested += (Long) args[0];
                return null;
            });
        }
    }
}
