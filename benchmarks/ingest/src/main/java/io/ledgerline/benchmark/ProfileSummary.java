package io.ledgerline.benchmark;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where receivables-service spent its CPU during the run, from the flight recording {@code run-ingest.sh} takes of it
 * with {@code jcmd} (JFR's {@code profile} settings, from the moment it is ready): its execution samples, each put in the first category whose
 * code is on its stack (the categories are checked in the order below, so a sample in the PostgreSQL client called by
 * the projection counts as the projection's). Inserted into the report before its end marker, then the report is
 * written to its destination.
 * <p>
 * Usage: {@code ProfileSummary <recordings folder> <section file> <destination file>}.
 */
public final class ProfileSummary {

    /** Category, and the class or package names that put a sample in it (first match wins). */
    private static final List<Map.Entry<String, List<String>>> CATEGORIES = List.of(
            Map.entry("read-model projection (AccountReadModel, ReadModelRows, Hibernate Reactive, its runner)",
                    List.of("receivables.projection.", "org.hibernate.", "eventstore.ProjectionRunner")),
            Map.entry("cash application (CashApplication)", List.of("receivables.domain.CashApplication")),
            Map.entry("deciding and folding (AccountDecider, Account)", List.of("receivables.domain.")),
            Map.entry("decoding and validating ingest records", List.of("receivables.ingest.IngestDecoder",
                    "receivables.ingest.IngestValidator", "receivables.ingest.MessageFingerprint")),
            Map.entry("outbox relays (reading events, publishing to Kafka)", List.of("eventstore.OutboxRelay",
                    "eventstore.RecordOutboxRelay", "eventstore.ReliableKafkaProducer")),
            Map.entry("ingest transaction (IngestProcessor, accounts, event store, inbox)", List.of(
                    "receivables.ingest.", "receivables.ledger.", "eventstore.")),
            Map.entry("PostgreSQL client (other callers)", List.of("io.vertx.pgclient.", "io.vertx.sqlclient.")),
            Map.entry("Kafka clients (consumer, producer)", List.of("org.apache.kafka.")),
            Map.entry("JSON (Jackson, other callers)", List.of("com.fasterxml.jackson.")),
            Map.entry("network I/O (Netty, Vert.x)", List.of("io.netty.", "io.vertx.")));

    private static final String OTHER = "other (JDK, Quarkus runtime, logging...)";

    private ProfileSummary() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        Path section = Path.of(args[1]);
        Path destination = Path.of(args[2]);
        String text = Files.readString(section);
        String table;
        try {
            table = summarize(folder);
        } catch (Exception e) {
            table = "No profile: " + e.getMessage() + "\n";
        }
        String end = "<!-- ingest:end -->";
        // Before the section's "Reproduce" part, else at its end.
        int at = text.indexOf("### Reproduce");
        if (at < 0) {
            at = text.lastIndexOf(end);
        }
        text = at < 0 ? text + "\n" + table : text.substring(0, at) + table + "\n" + text.substring(at);
        Files.createDirectories(destination.toAbsolutePath().getParent());
        IngestBenchmark.writeSection(destination, text.replace("<!-- ingest:begin -->\n", "").replace(end, ""));
        System.out.println("Profile added; wrote " + destination);
    }

    static String summarize(Path folder) throws IOException {
        Path recording = receivablesRecording(folder);
        Map<String, Long> counts = new LinkedHashMap<>();
        CATEGORIES.forEach(c -> counts.put(c.getKey(), 0L));
        counts.put(OTHER, 0L);
        long total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null) {
                continue;
            }
            List<String> classes = new ArrayList<>();
            for (RecordedFrame frame : stack.getFrames()) {
                if (frame.getMethod() != null && frame.getMethod().getType() != null) {
                    classes.add(frame.getMethod().getType().getName());
                }
            }
            counts.merge(categoryOf(classes), 1L, Long::sum);
            total++;
        }
        StringBuilder md = new StringBuilder("### Where receivables-service's CPU went (flight recording of this run)\n\n");
        md.append(String.format("%,d execution samples of receivables-service from the moment it was ready to the end (latency"
                + " phases, ingest, rebuild), JFR `profile` settings; each sample counted once, in the first"
                + " category (top to bottom) with code on its stack, so a PostgreSQL call made by the projection counts"
                + " as the projection's.%n%n", total));
        md.append("| where | share of samples |\n|---|---:|\n");
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            md.append(String.format("| %s | %.1f %% |%n", entry.getKey(),
                    total == 0 ? 0.0 : 100.0 * entry.getValue() / total));
        }
        return md.toString();
    }

    private static String categoryOf(List<String> classes) {
        for (Map.Entry<String, List<String>> category : CATEGORIES) {
            for (String cls : classes) {
                for (String marker : category.getValue()) {
                    if (cls.contains(marker)) {
                        return category.getKey();
                    }
                }
            }
        }
        return OTHER;
    }

    /** The recording whose JVM ran receivables-service's jar. */
    private static Path receivablesRecording(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.toString().endsWith(".jfr")).toList();
        }
        for (Path file : files) {
            try (RecordingFile recording = new RecordingFile(file)) {
                while (recording.hasMoreEvents()) {
                    RecordedEvent event = recording.readEvent();
                    if (event.getEventType().getName().equals("jdk.JVMInformation")) {
                        String arguments = event.getString("javaArguments");
                        if (arguments != null && arguments.contains("receivables-service")) {
                            return file;
                        }
                        break;
                    }
                }
            } catch (IOException unreadable) {
                // A recording cut short (a JVM killed): not the one we look for.
            }
        }
        throw new IOException("no flight recording of receivables-service in " + folder);
    }
}
