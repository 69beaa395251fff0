package io.ledgerline.localstack;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Memory (MiB, proportional set size: shared pages divided among the processes sharing them) of each part of the
 * stack, read from /proc at one moment; the parts add up to the total the machine gives the stack.
 */
public record StackMemory(Map<String, Long> parts) {

    public StackMemory {
        parts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parts));
    }

    public long totalMib() {
        return parts.values().stream().filter(v -> v > 0).mapToLong(Long::longValue).sum();
    }

    /** One line: the total, then each part. */
    public String describe() {
        return "total ~" + totalMib() + " MiB (" + parts.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")";
    }
}
