package io.chainwatch.tracing;

import io.chainwatch.core.config.TracingConfig;
import io.chainwatch.core.trace.BlockTrace;
import io.chainwatch.core.trace.PipelineTracer;
import io.chainwatch.core.trace.TraceStage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.slf4j.MDC;

import java.util.concurrent.TimeUnit;

/**
 * {@link PipelineTracer} on OpenTelemetry's SDK. A block's span is named {@code evm.block} and a
 * slot's {@code solana.slot}, with the attributes {@code chain}, {@code block.number} or {@code slot},
 * and {@code hash}; its stages are child spans. Spans go out in batches (a bounded queue: when the
 * collector is slower than the chain, spans are dropped, never the pipeline slowed) as OTLP/HTTP
 * protobuf, sent by the JDK's HttpClient.
 *
 * <p>While a stage is open it is the current span of its thread, and its ids are in SLF4J's MDC as
 * {@code trace_id} and {@code span_id}, so JSON log lines carry them. Thread-safe.
 */
public final class OtlpPipelineTracer implements PipelineTracer, AutoCloseable {
    static final AttributeKey<String> CHAIN = AttributeKey.stringKey("chain");
    static final AttributeKey<Long> BLOCK_NUMBER = AttributeKey.longKey("block.number");
    static final AttributeKey<Long> SLOT = AttributeKey.longKey("slot");
    static final AttributeKey<String> HASH = AttributeKey.stringKey("hash");
    /** The MDC keys log lines carry the current stage's ids under. */
    public static final String TRACE_ID = "trace_id";
    public static final String SPAN_ID = "span_id";

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    /** Spans of every block and slot go to {@code processor} (tests give one that keeps them). */
    public OtlpPipelineTracer(String serviceName, double sampleRatio, SpanProcessor processor) {
        this.provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), serviceName))))
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(sampleRatio)))
                .addSpanProcessor(processor)
                .build();
        this.tracer = provider.get("io.chainwatch");
    }

    /** The tracer {@code config} asks for: {@link PipelineTracer#OFF} unless it is enabled. */
    public static PipelineTracer open(TracingConfig config) {
        if (!config.enabled()) {
            return PipelineTracer.OFF;
        }
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(config.otlpEndpoint().toString()).build();
        return new OtlpPipelineTracer(config.serviceName(), config.sampleRatio(), BatchSpanProcessor.builder(exporter).build());
    }

    /** Closes {@code tracer} when it is one of these (sending what is queued); does nothing for {@link PipelineTracer#OFF}. */
    public static void closeIfOpen(PipelineTracer tracer) {
        if (tracer instanceof OtlpPipelineTracer t) {
            t.close();
        }
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public BlockTrace block(String chain, long number, Object hash) {
        return start("evm.block", chain, BLOCK_NUMBER, number, hash);
    }

    @Override
    public BlockTrace slot(String chain, long slot, Object blockhash) {
        return start("solana.slot", chain, SLOT, slot, blockhash);
    }

    private BlockTrace start(String name, String chain, AttributeKey<Long> numberKey, long number, Object hash) {
        SpanBuilder b = tracer.spanBuilder(name).setNoParent().setAttribute(CHAIN, chain).setAttribute(numberKey, number);
        if (hash != null) {
            b.setAttribute(HASH, hash.toString());
        }
        return new Trace(b.startSpan());
    }

    /** Sends what is queued and stops; spans ended later are dropped. */
    @Override
    public void close() {
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }

    /** One block's span; its stages are opened and closed on whichever thread holds it at the time. */
    private final class Trace implements BlockTrace {
        private final Span span;
        private final Context parent;

        Trace(Span span) {
            this.span = span;
            this.parent = Context.root().with(span);
        }

        @Override
        public TraceStage stage(String name) {
            Span stage = tracer.spanBuilder(name).setParent(parent).startSpan();
            Scope scope = stage.makeCurrent();
            SpanContext ids = stage.getSpanContext();
            if (!ids.isSampled()) {
                return () -> {
                    scope.close();
                    stage.end();
                };
            }
            String outerTrace = MDC.get(TRACE_ID);
            String outerSpan = MDC.get(SPAN_ID);
            MDC.put(TRACE_ID, ids.getTraceId());
            MDC.put(SPAN_ID, ids.getSpanId());
            return () -> {
                restore(TRACE_ID, outerTrace);
                restore(SPAN_ID, outerSpan);
                scope.close();
                stage.end();
            };
        }

        @Override
        public void end() {
            span.end(); // the SDK ignores a second end
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
