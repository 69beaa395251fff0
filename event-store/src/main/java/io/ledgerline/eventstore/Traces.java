package io.ledgerline.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.events.EventJson;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * W3C trace context (the {@code traceparent} header) through the event store, so that one trace runs from a consumed
 * record through the ledger, the outbox and the consumers in other services:
 * <ul>
 * <li>a consumer continues the trace of each record it reads ({@link #consumed}) and keeps the returned traceparent
 * in the metadata of the events the record causes ({@link #withTraceparent});</li>
 * <li>{@link EventStore#append} fills in the current span's traceparent for events whose metadata has none (a REST
 * command's events, a consumer that made its span current);</li>
 * <li>the {@link OutboxRelay} publishes each event with a {@code traceparent} header continuing the stored one.</li>
 * </ul>
 * With the OpenTelemetry SDK off (the default), no spans are recorded, but a traceparent that came in is passed on
 * unchanged, so a sender's trace still reaches the consumers downstream.
 */
@ApplicationScoped
public class Traces {

    /** The W3C header, and the field of an event's metadata that keeps it. */
    public static final String TRACEPARENT = "traceparent";

    private static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final boolean recording;

    /**
     * The application's tracer when tracing is on; with the SDK disabled (the default) a tracer that records nothing
     * and invents no trace: Quarkus' disabled SDK would still hand out fresh trace ids that lead nowhere.
     */
    @Inject
    public Traces(Instance<Tracer> tracer,
                  @ConfigProperty(name = "quarkus.otel.enabled", defaultValue = "true") boolean otelEnabled,
                  @ConfigProperty(name = "quarkus.otel.traces.enabled", defaultValue = "true") boolean tracesEnabled,
                  @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled) {
        this(otelEnabled && tracesEnabled && !sdkDisabled && tracer.isResolvable() ? tracer.get() : null);
    }

    /** Outside CDI; a null tracer records no spans and passes trace context on unchanged. */
    public Traces(Tracer tracer) {
        this.recording = tracer != null;
        this.tracer = tracer != null ? tracer : TracerProvider.noop().get("ledgerline");
    }

    /** Whether spans are recorded (tracing configured on); if not, trace context is only passed on. */
    public boolean recording() {
        return recording;
    }

    /** Records no spans; passes trace context on unchanged. */
    public static Traces passThrough() {
        return new Traces((Tracer) null);
    }

    /**
     * Continues the trace of a consumed record: a span {@code <operation> <topic>} (kind CONSUMER) whose parent is the
     * record's {@code traceparent} (a new trace when it has none), ended at once. Returns the traceparent to keep in
     * the metadata of the events the record causes; with tracing off, the incoming one unchanged (null if none).
     */
    public String consumed(String operation, String topic, String incomingTraceparent) {
        Span span = tracer.spanBuilder(operation + " " + topic)
                .setParent(parentOf(incomingTraceparent))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(DESTINATION, topic)
                .setAttribute(OPERATION, "process")
                .startSpan();
        try {
            return format(span.getSpanContext());
        } finally {
            span.end();
        }
    }

    /** A PRODUCER span for publishing an event whose metadata may carry a traceparent; the caller ends it. */
    Span startPublish(String topic, String storedTraceparent) {
        return tracer.spanBuilder("publish " + topic)
                .setParent(parentOf(storedTraceparent))
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(DESTINATION, topic)
                .setAttribute(OPERATION, "publish")
                .startSpan();
    }

    /** The traceparent of the span current on this thread or Vert.x context, or null when there is none. */
    public static String current() {
        return format(Span.current().getSpanContext());
    }

    /** {@code 00-<trace id>-<span id>-<flags>}, or null for an invalid context. */
    public static String format(SpanContext context) {
        if (context == null || !context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /** The remote span a valid traceparent names, or an invalid context (W3C rules: bad versions, zero ids...). */
    public static SpanContext parse(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return SpanContext.getInvalid();
        }
        Context extracted = W3CTraceContextPropagator.getInstance()
                .extract(Context.root(), Map.of(TRACEPARENT, traceparent.trim()), MAP);
        return Span.fromContext(extracted).getSpanContext();
    }

    /** The trace id of a traceparent, or null if it is not a valid one. */
    public static String traceId(String traceparent) {
        SpanContext context = parse(traceparent);
        return context.isValid() ? context.getTraceId() : null;
    }

    /** The last {@code traceparent} header of a Kafka record, or null. */
    public static String header(Headers headers) {
        Header last = headers == null ? null : headers.lastHeader(TRACEPARENT);
        return last == null || last.value() == null ? null : new String(last.value(), StandardCharsets.US_ASCII);
    }

    /** The {@code traceparent} of event metadata (JSON text), or null. */
    public static String ofMetadata(String metadataJson) {
        if (metadataJson == null || !metadataJson.contains(TRACEPARENT)) {
            return null;
        }
        JsonNode value = EventJson.readTree(metadataJson).path(TRACEPARENT);
        return value.isTextual() ? value.asText() : null;
    }

    /**
     * Event metadata (JSON text) with {@code traceparent} set, unless it has one already or {@code traceparent} is not
     * valid. Metadata that is not a JSON object is returned as it is.
     */
    public static String withTraceparent(String metadataJson, String traceparent) {
        if (!parse(traceparent).isValid()) {
            return metadataJson;
        }
        JsonNode node = EventJson.readTree(metadataJson == null ? "{}" : metadataJson);
        if (!(node instanceof ObjectNode object) || object.has(TRACEPARENT)) {
            return metadataJson;
        }
        return object.put(TRACEPARENT, traceparent).toString();
    }

    private static Context parentOf(String traceparent) {
        SpanContext parent = parse(traceparent);
        return parent.isValid() ? Context.root().with(Span.wrap(parent)) : Context.root();
    }
}
