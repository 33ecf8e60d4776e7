package io.chainwatch.evm.rpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming log reader reads every field exactly and names what is missing. */
@Timeout(10)
class EvmJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOGS = """
            [{"address":"0x5fbdb2315678afecb367f032d93f642f64180aa3",
              "topics":["0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1"],
              "data":"0x00000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000002",
              "blockNumber":"0x1a","transactionHash":"0x%s","transactionIndex":"0x0",
              "blockHash":"0x%s","logIndex":"0x3","removed":false,"extra":{"nested":[1,2]}}]
            """.formatted("ab".repeat(32), "cd".repeat(32));

    private static List<EvmLog> streaming(String json) throws Exception {
        try (JsonParser p = JSON.getFactory().createParser(json)) {
            p.nextToken();
            return EvmJson.logs(p);
        }
    }

    @Test
    void readsEveryFieldAndSkipsUnknownOnes() throws Exception {
        List<EvmLog> logs = streaming(LOGS);
        assertThat(logs).containsExactly(new EvmLog(26, Hash32.of("0x" + "cd".repeat(32)), Hash32.of("0x" + "ab".repeat(32)), 0, 3,
                Address.of("0x5fbdb2315678afecb367f032d93f642f64180aa3"),
                List.of(Hash32.of("0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1")),
                "0x" + "0".repeat(63) + "1" + "0".repeat(63) + "2", false));
    }

    @Test
    void missingFieldsAreNamed() {
        String noHash = LOGS.replace("\"blockHash\"", "\"blockHashX\"");
        assertThatThrownBy(() -> streaming(noHash)).hasMessageContaining("blockHash");
        String oddData = LOGS.replace("0000000000000002\"", "000000000000002\"");
        assertThatThrownBy(() -> streaming(oddData)).hasMessageContaining("odd number");
    }

    @Test
    void aReceiptGivesItsStatusTheGasPaidAndItsLogs() throws Exception {
        String receipt = """
                {"transactionHash":"0x%s","blockNumber":"0x1b","blockHash":"0x%s","status":"0x1","gasUsed":"0x1d4c0",
                 "effectiveGasPrice":"0x3b9aca07","logs":%s}
                """.formatted("ab".repeat(32), "cd".repeat(32), LOGS);
        TxReceipt r = EvmJson.receipt(JSON.readTree(receipt));
        assertThat(r.succeeded()).isTrue();
        assertThat(r.blockNumber()).isEqualTo(27);
        assertThat(r.gasPaidWei()).isEqualTo(java.math.BigInteger.valueOf(120_000L * 1_000_000_007L));
        assertThat(r.logs()).isEqualTo(streaming(LOGS));
        assertThat(EvmJson.receipt(JSON.readTree(receipt.replace("\"status\":\"0x1\"", "\"status\":\"0x0\""))).succeeded()).isFalse();
        assertThatThrownBy(() -> EvmJson.receipt(JSON.readTree(receipt.replace("effectiveGasPrice", "gasPrice"))))
                .hasMessageContaining("effectiveGasPrice");
        assertThatThrownBy(() -> EvmJson.receipt(JSON.readTree(receipt.replace("0x3b9aca07", "0xzz")))).hasMessageContaining("effectiveGasPrice");
    }
}
