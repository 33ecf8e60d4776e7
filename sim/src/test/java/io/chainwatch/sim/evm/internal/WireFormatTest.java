package io.chainwatch.sim.evm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chainwatch.sim.evm.Faults;
import io.chainwatch.sim.internal.EndpointServer;
import io.chainwatch.sim.internal.JsonRpcEnvelope;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class WireFormatTest {

    @Test
    void quantitiesHaveNoLeadingZeros() {
        assertThat(WireFormat.quantity(0)).isEqualTo("0x0");
        assertThat(WireFormat.quantity(1)).isEqualTo("0x1");
        assertThat(WireFormat.quantity(26)).isEqualTo("0x1a");
        assertThat(WireFormat.quantity(0x100)).isEqualTo("0x100");
        assertThat(WireFormat.quantity(Long.MAX_VALUE)).isEqualTo("0x7fffffffffffffff");
    }

    @Test
    void oversizedAnswersStayValidJsonAndMalformedOnesDoNot() {
        Faults big = new Faults(false, 0, 0, false, 1000, OptionalLong.empty(), 0, 0, 0);
        String padded = EndpointServer.shape("{\"id\":1,\"result\":\"0x1\"}", big);
        assertThat(padded).hasSize(1000).startsWith("{ ").endsWith("\"result\":\"0x1\"}");
        Faults broken = new Faults(false, 0, 0, true, 0, OptionalLong.empty(), 0, 0, 0);
        assertThat(EndpointServer.shape("{\"id\":1,\"result\":\"0x1\"}", broken)).isEqualTo("{\"id\":1,\"re");
    }

    @Test
    void errorMessagesAreEscaped() {
        assertThat(JsonRpcEnvelope.error("7", -32602, "no \"foo\" here\n"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32602,\"message\":\"no \\\"foo\\\" here\\u000a\"}}");
    }
}
