package io.ledgerline.benchmark;

import java.nio.file.Path;
import java.time.Duration;

/** Command-line options of {@link IngestBenchmark}; every default targets the local stack on 127.0.0.1. */
record Settings(int events, int customers, String bootstrap, String pgUrl, String pgUser, String pgPassword,
                String receivablesDatabase, String serviceUrl, Path root, Path output, Duration batchedInsertTime,
                Duration singleInsertTime, Duration stall, Duration timeout, Duration quiet, String issuerUrl,
                long serviceReadyEpochMillis, int firstMinuteSeconds, int warmSeconds, boolean rebuild,
                int wholeStackWindowSeconds, Path windowOutput, Path wholeStackResult, Path chart,
                boolean latencyOnly) {

    static final String USAGE = """
            Usage: IngestBenchmark [options]
              --events N             ingest records to publish (default 200000)
              --customers C          customers they are spread over (default 2000)
              --bootstrap HOST:PORT  Kafka (default 127.0.0.1:9092)
              --pg-url JDBC_URL      PostgreSQL admin database (default jdbc:postgresql://127.0.0.1:5432/postgres)
              --pg-user U / --pg-password P   (default postgres / postgres)
              --receivables-db NAME  receivables-service's database, for progress only (default receivables)
              --service-url URL      receivables-service (default http://127.0.0.1:8081)
              --output FILE          write the report there (e.g. docs/benchmarks.md); default: print only
              --timeout-minutes M    give up on the end-to-end phase after M minutes (default 30)
              --stall-seconds S      give up when nothing arrives for S seconds after publishing (default 180)
              --issuer-url URL       the stack's token issuer, for an operator's token (default http://127.0.0.1:8090)
              --service-ready-ms T   when receivables-service became ready (epoch ms; run-ingest.sh passes it)
              --latency-seconds A,B  seconds at 1,000 records/s offered right after start and when warm (default 60,30;
                                     0,0 skips both)
              --no-rebuild           skip timing the rebuild of the account read models after ingest
              --latency-only         only the two latency phases, one after the other (the "warm" one then follows
                                     the first instead of the 200,000-record ingest); prints, writes no report
              --chart FILE           write the SVG chart there (default: none)
              --whole-stack-window S --window-output FILE
                                     instead of the whole benchmark: publish the workload to the running stack (the
                                     whole local stack), watch it for S seconds and write what it got through and the
                                     CPU per process to FILE (run-ingest.sh does this before the main run)
              --whole-stack-result FILE   put that window's figures in the report beside receivables alone
            System property ledgerline.root: the repository root (default: working directory).""";

    static Settings parse(String[] args) {
        int events = 200_000;
        int customers = 2_000;
        String bootstrap = "127.0.0.1:9092";
        String pgUrl = "jdbc:postgresql://127.0.0.1:5432/postgres";
        String pgUser = "postgres";
        String pgPassword = "postgres";
        String receivablesDb = "receivables";
        String serviceUrl = "http://127.0.0.1:8081";
        Path output = null;
        long timeoutMinutes = 30;
        long stallSeconds = 180;
        String issuerUrl = "http://127.0.0.1:8090";
        long readyMillis = 0;
        int firstMinute = 60;
        int warm = 30;
        boolean rebuild = true;
        boolean latencyOnly = false;
        int window = 0;
        Path windowOutput = null;
        Path wholeStackResult = null;
        Path chart = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println(USAGE);
                System.exit(0);
            }
            if (arg.equals("--no-rebuild")) {
                rebuild = false;
                continue;
            }
            if (arg.equals("--latency-only")) {
                latencyOnly = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + arg + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (arg) {
                case "--events" -> events = Integer.parseInt(value);
                case "--customers" -> customers = Integer.parseInt(value);
                case "--bootstrap" -> bootstrap = value;
                case "--pg-url" -> pgUrl = value;
                case "--pg-user" -> pgUser = value;
                case "--pg-password" -> pgPassword = value;
                case "--receivables-db" -> receivablesDb = value;
                case "--service-url" -> serviceUrl = value;
                case "--output" -> output = Path.of(value);
                case "--timeout-minutes" -> timeoutMinutes = Long.parseLong(value);
                case "--stall-seconds" -> stallSeconds = Long.parseLong(value);
                case "--issuer-url" -> issuerUrl = value;
                case "--service-ready-ms" -> readyMillis = Long.parseLong(value);
                case "--latency-seconds" -> {
                    String[] parts = value.split(",");
                    firstMinute = Integer.parseInt(parts[0].trim());
                    warm = Integer.parseInt(parts[parts.length - 1].trim());
                }
                case "--chart" -> chart = Path.of(value);
                case "--whole-stack-window" -> window = Integer.parseInt(value);
                case "--window-output" -> windowOutput = Path.of(value);
                case "--whole-stack-result" -> wholeStackResult = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        if (window > 0 && windowOutput == null) {
            throw new IllegalArgumentException("--whole-stack-window needs --window-output FILE\n" + USAGE);
        }
        Path root = Path.of(System.getProperty("ledgerline.root", "")).toAbsolutePath().normalize();
        return new Settings(events, customers, bootstrap, pgUrl, pgUser, pgPassword, receivablesDb, serviceUrl, root,
                output, Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(stallSeconds),
                Duration.ofMinutes(timeoutMinutes), Duration.ofSeconds(5), issuerUrl, readyMillis, firstMinute, warm,
                rebuild, window, windowOutput, wholeStackResult, chart, latencyOnly);
    }

    /** The same server, another database: the URL's last path segment replaced (query parameters kept). */
    String pgUrlFor(String database) {
        int query = pgUrl.indexOf('?');
        String base = query < 0 ? pgUrl : pgUrl.substring(0, query);
        String params = query < 0 ? "" : pgUrl.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
    }
}
