package io.ledgerline.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.NoSuchElementException;
import java.util.concurrent.Executors;

/**
 * The running launcher's control port, loopback only, plain text, for the scripts beside run-local.sh:
 *
 * <pre>
 * GET  /stack                          where everything answers (properties; deploy/demo.sh reads it)
 * GET  /services                       each service: running or not, pid, memory, address
 * POST /services/{name}/restart        SIGTERM, start again, answer when ready   (deploy/restart.sh)
 * POST /services/{name}/stop | kill | start                                      (kill = SIGKILL)
 * GET  /clock, POST /clock?today=2026-11-17 | today=system                      (deploy/clock.sh)
 * </pre>
 *
 * Anyone on the machine may call it, like the token issuer: it is a developer's stack, not a deployment.
 */
final class StackControl {

    private final LocalStack stack;
    private final int port;
    private HttpServer server;

    StackControl(LocalStack stack, int port) {
        this.stack = stack;
        this.port = port;
    }

    void start() throws IOException {
        Ports.requireFree(port, "launcher control (LEDGERLINE_CONTROL_PORT)");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/stack", exchange -> handle(exchange, "GET", () -> stack.endpoints().toProperties()));
        server.createContext("/services", this::services);
        server.createContext("/clock", this::clock);
        // A restart takes seconds; a second thread keeps /stack and /services answering meanwhile.
        server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "ledgerline-stack-control");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void services(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        if (parts.length <= 2) {
            handle(exchange, "GET", this::listServices);
            return;
        }
        if (parts.length != 4) {
            answer(exchange, 404, "POST /services/{name}/restart|stop|kill|start\n");
            return;
        }
        String name = parts[2];
        String action = parts[3];
        handle(exchange, "POST", () -> switch (action) {
            case "restart" -> name + " restarted, ready in " + seconds(stack.restart(name)) + "\n";
            case "stop" -> {
                stack.stopService(name);
                yield name + " stopped\n";
            }
            case "kill" -> {
                stack.kill(name);
                yield name + " killed (SIGKILL)\n";
            }
            case "start" -> name + " started, ready in " + seconds(stack.startService(name)) + "\n";
            default -> throw new NoSuchElementException("no action " + action + "; use restart, stop, kill or start");
        });
    }

    private String listServices() {
        StringBuilder text = new StringBuilder();
        StackMemory memory = stack.memory();
        for (ServiceProcess service : stack.services()) {
            Long mib = memory.parts().get(service.name());
            text.append(String.format("%-22s %-8s pid %-8s %-14s %s%n", service.name(),
                    service.isAlive() ? "running" : "stopped", service.isAlive() ? service.pid() : "-",
                    mib == null ? "" : mib + " MiB", service.url()));
        }
        text.append("memory: ").append(memory.describe()).append('\n');
        return text.toString();
    }

    private void clock(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("GET")) {
            handle(exchange, "GET", () -> stack.today().map(LocalDate::toString).orElse("system") + "\n");
            return;
        }
        handle(exchange, "POST", () -> {
            String query = exchange.getRequestURI().getRawQuery();
            String value = query == null || !query.startsWith("today=") ? "" : query.substring("today=".length());
            if (value.equals("system")) {
                stack.setToday(null);
                return "business date: the system date\n";
            }
            try {
                stack.setToday(LocalDate.parse(value));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("today must be a date like 2026-11-17, or 'system'; not '"
                        + value + "'");
            }
            return "business date: " + value + "\n";
        });
    }

    private interface Action {
        String run() throws Exception;
    }

    private static void handle(HttpExchange exchange, String method, Action action) throws IOException {
        if (!exchange.getRequestMethod().equals(method)) {
            answer(exchange, 405, "use " + method + "\n");
            return;
        }
        try {
            answer(exchange, 200, action.run());
        } catch (NoSuchElementException | IllegalArgumentException e) {
            answer(exchange, 400, e.getMessage() + "\n");
        } catch (Exception e) {
            answer(exchange, 500, e.getClass().getSimpleName() + ": " + e.getMessage() + "\n");
        }
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
