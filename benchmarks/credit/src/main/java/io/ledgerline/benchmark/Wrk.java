package io.ledgerline.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk (closed loop: each connection sends its next request when the last answered) and reads its figures. */
final class Wrk {

    record Result(int connections, double requestsPerSecond, double p50Millis, double p90Millis, double p99Millis,
                  double maxMillis, long requests, long errors, MachineStalls.Stalls stalls, String raw) {
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|75|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$");
    private static final Pattern MAX = Pattern.compile("Latency\\s+\\S+\\s+\\S+\\s+([0-9.]+)(us|ms|s)");

    /**
     * How wrk's percentiles read, for a report's method section: wrk corrects them for coordinated omission after
     * the run, which every p99 of these reports carries.
     */
    static final String PERCENTILES_NOTE = "- Percentiles are wrk's own, which it corrects for coordinated omission"
            + " after the run (its `stats_correct`): for each response slower than twice the mean interval between"
            + " one connection's requests (run time ÷ requests per connection), it adds a sample every interval below"
            + " that response's latency, the requests a client sending at the measured rate would have had waiting"
            + " behind it. So a stall of S ms on a connection adds about S ÷ interval samples spread from 0 to S:"
            + " at ~7,000 requests/s on 4 connections (an interval of ~0.6 ms), one half-second stall on two of"
            + " them puts the p99 near 0.3 s while the p50 hardly moves. The max is one real response.\n";

    static boolean available() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static Result run(String url, int connections, int seconds, Path script, List<String> scriptArgs)
            throws IOException, InterruptedException {
        return run(url, Math.min(2, connections), connections, seconds, script, scriptArgs);
    }

    /**
     * With as many threads as connections, each connection has a Lua state of its own (wrk keeps one per thread), so
     * a script can carry what one answer tells the next request on the same connection (an ETag, say).
     */
    static Result run(String url, int threads, int connections, int seconds, Path script, List<String> scriptArgs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t", Integer.toString(threads),
                "-c", Integer.toString(connections), "-d", seconds + "s", "--timeout", "10s", "--latency",
                "-s", script.toString(), url));
        if (!scriptArgs.isEmpty()) {
            command.add("--");
            command.addAll(scriptArgs);
        }
        MachineStalls.Window window = MachineStalls.shared().open();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        MachineStalls.Stalls stalls = window.close();
        double p50 = Double.NaN;
        double p90 = Double.NaN;
        double p99 = Double.NaN;
        for (String line : out.split("\n")) {
            Matcher m = PERCENTILE.matcher(line);
            if (m.matches()) {
                double ms = millis(m.group(2), m.group(3));
                switch (m.group(1)) {
                    case "50" -> p50 = ms;
                    case "90" -> p90 = ms;
                    case "99" -> p99 = ms;
                    default -> {
                    }
                }
            }
        }
        Matcher max = MAX.matcher(out);
        Matcher rps = RPS.matcher(out);
        Matcher requests = REQUESTS.matcher(out);
        Matcher non2xx = NON_2XX.matcher(out);
        Matcher socket = SOCKET.matcher(out);
        long errors = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
        if (socket.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(socket.group(i));
            }
        }
        return new Result(connections, rps.find() ? Double.parseDouble(rps.group(1)) : Double.NaN, p50, p90, p99,
                max.find() ? millis(max.group(1), max.group(2)) : Double.NaN,
                requests.find() ? Long.parseLong(requests.group(1)) : 0, errors, stalls, out);
    }

    private static double millis(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }
}
