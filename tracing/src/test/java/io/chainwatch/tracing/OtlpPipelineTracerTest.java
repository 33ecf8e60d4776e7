package io.chainwatch.tracing;

import com.sun.net.httpserver.HttpServer;
import io.chainwatch.core.config.TracingConfig;
import io.chainwatch.core.trace.BlockTrace;
import io.chainwatch.core.trace.PipelineTracer;
import io.chainwatch.core.trace.TraceStage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class OtlpPipelineTracerTest {

    @Test
    void offTracerHandsOutTheSameEmptyTraceAndStageEveryTime() {
        PipelineTracer off = OtlpPipelineTracer.open(TracingConfig.OFF);
        assertThat(off).isSameAs(PipelineTracer.OFF);
        assertThat(off.enabled()).isFalse();
        BlockTrace trace = off.block("mainnet", 1, "0xabc");
        assertThat(trace).isSameAs(BlockTrace.NONE);
        assertThat(trace.stage("decode")).isSameAs(TraceStage.NONE);
        assertThat(off.slot("solana", 1, null)).isSameAs(BlockTrace.NONE);
    }

    @Test
    void aBlockSpanCarriesChainNumberAndHashAndItsStagesAreItsChildren() {
        // The in-memory exporter forgets its spans when the tracer closes: read them before.
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OtlpPipelineTracer tracer = new OtlpPipelineTracer("cw-test", 1.0, SimpleSpanProcessor.create(spans));
        BlockTrace traced = tracer.block("mainnet", 42, "0xfeed");
        for (String stage : List.of("decode", "store", "decision")) {
            traced.stage(stage).close();
        }
        traced.end();
        BlockTrace tracedSlot = tracer.slot("solana", 7_000, null);
        tracedSlot.stage("settle").close();
        tracedSlot.end();
        Map<String, SpanData> byName = spans.getFinishedSpanItems().stream().collect(Collectors.toMap(SpanData::getName, s -> s, (a, b) -> a));
        SpanData block = byName.get("evm.block");
        assertThat(block.getAttributes().get(OtlpPipelineTracer.CHAIN)).isEqualTo("mainnet");
        assertThat(block.getAttributes().get(OtlpPipelineTracer.BLOCK_NUMBER)).isEqualTo(42L);
        assertThat(block.getAttributes().get(OtlpPipelineTracer.HASH)).isEqualTo("0xfeed");
        assertThat(block.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("cw-test");
        for (String stage : List.of("decode", "store", "decision")) {
            assertThat(byName.get(stage).getParentSpanId()).as(stage).isEqualTo(block.getSpanId());
            assertThat(byName.get(stage).getTraceId()).isEqualTo(block.getTraceId());
        }
        SpanData slot = byName.get("solana.slot");
        assertThat(slot.getAttributes().get(OtlpPipelineTracer.SLOT)).isEqualTo(7_000L);
        assertThat(slot.getAttributes().get(OtlpPipelineTracer.HASH)).isNull();
        assertThat(byName.get("settle").getParentSpanId()).isEqualTo(slot.getSpanId());
        tracer.close();
    }

    @Test
    void anOpenStagePutsItsIdsInTheMdcAndClosingItPutsBackWhatWasThere() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (OtlpPipelineTracer tracer = new OtlpPipelineTracer("cw-test", 1.0, SimpleSpanProcessor.create(spans))) {
            MDC.put(OtlpPipelineTracer.TRACE_ID, "outer");
            BlockTrace block = tracer.block("mainnet", 1, "0x01");
            TraceStage stage = block.stage("store");
            String traceId = MDC.get(OtlpPipelineTracer.TRACE_ID);
            String spanId = MDC.get(OtlpPipelineTracer.SPAN_ID);
            stage.close();
            block.end();
            assertThat(MDC.get(OtlpPipelineTracer.TRACE_ID)).isEqualTo("outer");
            assertThat(MDC.get(OtlpPipelineTracer.SPAN_ID)).isNull();
            SpanData store = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("store")).findFirst().orElseThrow();
            assertThat(traceId).isEqualTo(store.getTraceId());
            assertThat(spanId).isEqualTo(store.getSpanId());
        } finally {
            MDC.clear();
        }
    }

    @Test
    void aRatioOfZeroRecordsNothingAndLeavesTheMdcAlone() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (OtlpPipelineTracer tracer = new OtlpPipelineTracer("cw-test", 0.0, SimpleSpanProcessor.create(spans))) {
            BlockTrace block = tracer.block("mainnet", 1, "0x01");
            TraceStage stage = block.stage("decode");
            assertThat(MDC.get(OtlpPipelineTracer.TRACE_ID)).isNull();
            stage.close();
            block.end();
        }
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }

    /**
     * The exporter as configured for users, against a stand-in for an OpenTelemetry collector: a local
     * HTTP server that takes the OTLP/HTTP POSTs and decodes them with OTLP's own protobuf messages.
     */
    @Test
    void spansArriveAtAnOtlpHttpReceiverAsProtobufOnV1Traces() throws Exception {
        record Post(String path, String contentType, byte[] body) {
        }
        List<Post> posts = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            posts.add(new Post(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestBody().readAllBytes()));
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, 0); // an empty ExportTraceServiceResponse
            exchange.close();
        });
        receiver.start();
        try {
            TracingConfig config = new TracingConfig(true, URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/v1/traces"),
                    "chainwatch-it", 1.0);
            PipelineTracer tracer = OtlpPipelineTracer.open(config);
            BlockTrace block = tracer.block("mainnet", 19_000_000, "0xbeef");
            block.stage("decode").close();
            block.end();
            OtlpPipelineTracer.closeIfOpen(tracer); // flushes the batch
        } finally {
            receiver.stop(0);
        }
        assertThat(posts).isNotEmpty();
        Post post = posts.getFirst();
        assertThat(post.path()).isEqualTo("/v1/traces");
        assertThat(post.contentType()).isEqualTo("application/x-protobuf");
        List<Span> spans = posts.stream().flatMap(p -> parse(p.body()).getResourceSpansList().stream())
                .flatMap(r -> r.getScopeSpansList().stream()).flatMap(s -> s.getSpansList().stream()).toList();
        Span block = spans.stream().filter(s -> s.getName().equals("evm.block")).findFirst().orElseThrow();
        assertThat(attributes(block.getAttributesList())).containsEntry("chain", "mainnet").containsEntry("block.number", "19000000")
                .containsEntry("hash", "0xbeef");
        Span decode = spans.stream().filter(s -> s.getName().equals("decode")).findFirst().orElseThrow();
        assertThat(decode.getParentSpanId()).isEqualTo(block.getSpanId());
        assertThat(attributes(parse(post.body()).getResourceSpans(0).getResource().getAttributesList()))
                .containsEntry("service.name", "chainwatch-it");
    }

    private static ExportTraceServiceRequest parse(byte[] body) {
        try {
            return ExportTraceServiceRequest.parseFrom(body);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("not an OTLP ExportTraceServiceRequest", e);
        }
    }

    private static Map<String, String> attributes(List<KeyValue> kvs) {
        return kvs.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().hasIntValue()
                ? Long.toString(kv.getValue().getIntValue()) : kv.getValue().getStringValue()));
    }
}
