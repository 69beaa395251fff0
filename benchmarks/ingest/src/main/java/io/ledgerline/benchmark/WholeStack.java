package io.ledgerline.benchmark;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The whole-stack window ({@link KafkaBench#window}) as one run of the benchmark hands it to the next: run-ingest.sh
 * measures it on the whole local stack first, stops that stack, then measures receivables-service alone in a fresh
 * one, whose report puts both side by side. A plain properties file under the benchmark's target folder.
 */
record WholeStack(KafkaBench.WindowResult window, int records, String services) {

    void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("records", Integer.toString(records));
        p.setProperty("services", services);
        p.setProperty("seconds", Double.toString(window.seconds()));
        p.setProperty("acked", Long.toString(window.acked()));
        p.setProperty("primary", Long.toString(window.primary()));
        p.setProperty("domainEvents", Long.toString(window.domainEvents()));
        p.setProperty("rejected", Long.toString(window.rejected()));
        p.setProperty("cpuWindowSeconds", Double.toString(window.cpuWindowSeconds()));
        p.setProperty("machineBusyShare", Double.toString(window.machineBusyShare()));
        CpuSampler.store(p, window.cpuSeconds());
        StringBuilder points = new StringBuilder();
        for (KafkaBench.Point pt : window.points()) {
            points.append(points.isEmpty() ? "" : ";").append(String.format(Locale.ROOT, "%.3f,%d,%d,%d,%d,%d",
                    pt.seconds(), pt.acked(), pt.primary(), pt.domainEvents(), pt.appended(), pt.projected()));
        }
        p.setProperty("points", points.toString());
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "whole-stack ingest window (benchmarks/run-ingest.sh)");
        }
    }

    static WholeStack read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        Map<String, Double> cpu = CpuSampler.load(p);
        List<KafkaBench.Point> points = new ArrayList<>();
        for (String point : p.getProperty("points", "").split(";")) {
            if (point.isBlank()) {
                continue;
            }
            String[] f = point.split(",");
            points.add(new KafkaBench.Point(Double.parseDouble(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5])));
        }
        KafkaBench.WindowResult window = new KafkaBench.WindowResult(Double.parseDouble(p.getProperty("seconds")),
                Long.parseLong(p.getProperty("acked")), Long.parseLong(p.getProperty("primary")),
                Long.parseLong(p.getProperty("domainEvents")), Long.parseLong(p.getProperty("rejected")), cpu,
                Double.parseDouble(p.getProperty("cpuWindowSeconds")),
                Double.parseDouble(p.getProperty("machineBusyShare")), points);
        return new WholeStack(window, Integer.parseInt(p.getProperty("records")), p.getProperty("services", ""));
    }
}
