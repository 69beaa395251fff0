package io.ledgerline.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;

/**
 * Where the stack puts its data and which ports it takes. {@link #fromEnvironment} reads the variables
 * {@code deploy/run-local.sh} documents; {@link #onFreePorts} is what the system test uses: the same stack on ports
 * nobody else holds, so it runs beside a developer's stack and other builds.
 *
 * @param root          the repository root (services' jars are found under it)
 * @param dataDir       Kafka's logs, PostgreSQL's cluster, the issuer's key, logs, the business-date file
 * @param kafkaPort     port of the started broker (the controller takes the next one)
 * @param kafkaBootstrap an existing Kafka cluster to use instead (null: start a broker)
 * @param pgPort        port of the embedded PostgreSQL
 * @param pgUrl         JDBC URL of an existing PostgreSQL server to use instead (null: embedded)
 * @param pgUser        user for {@code pgUrl}
 * @param pgPassword    password for {@code pgUrl}
 * @param issuerPort    the token issuer's port
 * @param controlPort   the launcher's control port ({@code deploy/restart.sh}, {@code deploy/clock.sh}); 0 = none
 * @param portOffset    added to every service's HTTP port (its management port stays HTTP port + 1000)
 * @param today         the business date every service starts with (null: the system date)
 * @param pgFsync       whether the embedded PostgreSQL waits for the disk at each COMMIT (on unless
 *                      {@code LEDGERLINE_PG_FSYNC=off}: for throw-away data on a slow disk)
 * @param aotCache      what the services do with the JDK's AOT cache of their build ({@link AotCache}):
 *                      {@code LEDGERLINE_AOT_CACHE} = use (default: start from it when current), train (record it,
 *                      written as each service stops) or off; JDK 25 or later
 */
public record StackSettings(Path root, Path dataDir, int kafkaPort, String kafkaBootstrap, int pgPort, String pgUrl,
                            String pgUser, String pgPassword, int issuerPort, int controlPort, int portOffset,
                            LocalDate today, boolean pgFsync, AotCache.Mode aotCache) {

    public static final int DEFAULT_CONTROL_PORT = 8099;

    /** The local stack as {@code deploy/run-local.sh} starts it; see deploy/README.md for each variable. */
    public static StackSettings fromEnvironment(Map<String, String> env, Path root) {
        Path dataDir = root.resolve(env.getOrDefault("LEDGERLINE_DATA_DIR", ".data")).toAbsolutePath().normalize();
        return new StackSettings(root, dataDir,
                intEnv(env, "LEDGERLINE_KAFKA_PORT", 9092),
                blankToNull(env.get("KAFKA_BOOTSTRAP_SERVERS")),
                intEnv(env, "LEDGERLINE_PG_PORT", 5432),
                blankToNull(env.get("LEDGERLINE_PG_URL")),
                env.getOrDefault("LEDGERLINE_PG_USER", "postgres"),
                env.getOrDefault("LEDGERLINE_PG_PASSWORD", ""),
                intEnv(env, "LEDGERLINE_ISSUER_PORT", 8090),
                intEnv(env, "LEDGERLINE_CONTROL_PORT", DEFAULT_CONTROL_PORT),
                intEnv(env, "LEDGERLINE_PORT_OFFSET", 0),
                dateEnv(env, "LEDGERLINE_CLOCK_TODAY"),
                onOffEnv(env, "LEDGERLINE_PG_FSYNC", true),
                AotCache.Mode.of(Objects.requireNonNullElse(blankToNull(env.get("LEDGERLINE_AOT_CACHE")),
                        "use")));
    }

    /**
     * A stack of its own on free ports: broker, PostgreSQL and issuer on ports the operating system hands out, and
     * the services shifted by an offset at which all of their HTTP and management ports are free.
     */
    public static StackSettings onFreePorts(Path root, Path dataDir, LocalDate today) {
        return new StackSettings(root, dataDir, freePortPair(), null, freePort(), null, "postgres", "", freePort(),
                0, freeServiceOffset(), today, true, AotCache.Mode.USE);
    }

    /** The same settings with another business date to start with. */
    public StackSettings withToday(LocalDate day) {
        return new StackSettings(root, dataDir, kafkaPort, kafkaBootstrap, pgPort, pgUrl, pgUser, pgPassword,
                issuerPort, controlPort, portOffset, day, pgFsync, aotCache);
    }

    private static boolean onOffEnv(Map<String, String> env, String name, boolean fallback) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true", "1" -> true;
            case "off", "false", "0" -> false;
            default -> throw new StackStartException(name + " must be on or off, not '" + value + "'");
        };
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackStartException("No free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** Two consecutive free ports (Kafka's broker and controller). */
    private static int freePortPair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            if (port < 65535 && !Ports.isOpen(port + 1) && canBind(port + 1)) {
                return port;
            }
        }
        throw new StackStartException("No two consecutive free ports on 127.0.0.1");
    }

    private static int freeServiceOffset() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int offset = 10_000 + (int) (Math.random() * 450) * 100;
            boolean free = Service.ALL.stream().allMatch(s -> canBind(s.port() + offset)
                    && canBind(s.port() + offset + 1000));
            if (free) {
                return offset;
            }
        }
        throw new StackStartException("No port offset found at which every service's ports are free");
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int intEnv(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new StackStartException(name + " must be a number, not '" + value + "'");
        }
    }

    private static LocalDate dateEnv(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new StackStartException(name + " must be a date like 2026-11-23, not '" + value + "'");
        }
    }
}
