package io.chainwatch.endpoints;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.core.config.EndpointConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An RPC error is the endpoint's fault, unless it is a working node's verdict on what we sent. */
class JsonRpcAnswersTest {
    private final ObjectMapper json = new ObjectMapper();

    private Endpoint endpoint() {
        return new Endpoint("e", new EndpointConfig(URI.create("http://127.0.0.1:1"), "local", 0, 100, 1_000), ScoringPolicy.DEFAULT);
    }

    @Test
    void aRevertOrARefusedTransactionDoesNotCountAgainstTheEndpoint() throws Exception {
        Endpoint e = endpoint();
        for (String error : new String[]{
                "{\"code\": 3, \"message\": \"execution reverted: UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT\"}",
                "{\"code\": -32000, \"message\": \"nonce too low\"}",
                "{\"code\": -32000, \"message\": \"already known\"}",
                "{\"code\": -32003, \"message\": \"insufficient funds for gas * price + value\"}",
                "{\"code\": -32000, \"message\": \"replacement transaction underpriced\"}"}) {
            var answer = json.readTree("{\"jsonrpc\": \"2.0\", \"id\": 1, \"error\": " + error + "}");
            assertThatThrownBy(() -> JsonRpcAnswers.result(e, answer, "eth_sendRawTransaction")).isInstanceOf(EndpointException.class);
        }
        assertThat(e.failures(FailureKind.RPC_ERROR)).isZero();
    }

    @Test
    void anyOtherErrorDoes() throws Exception {
        Endpoint e = endpoint();
        var answer = json.readTree("{\"jsonrpc\": \"2.0\", \"id\": 1, \"error\": {\"code\": -32603, \"message\": \"internal error\"}}");
        assertThatThrownBy(() -> JsonRpcAnswers.result(e, answer, "eth_call")).isInstanceOf(EndpointException.class)
                .hasMessageContaining("internal error");
        assertThat(e.failures(FailureKind.RPC_ERROR)).isEqualTo(1);
    }
}
