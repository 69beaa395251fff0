package io.ledgerline.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CloudNativePG documents checked by the TypeScript compiler against the types that kubernetes-models generates from
 * CloudNativePG's API (the Go types its CRDs are generated from): npm {@code @kubernetes-models/cloudnative-pg}.
 *
 * <p>The package's compiled validators accept unknown fields, but its declarations do not: a document written as an
 * object literal typed {@code ICluster} gets TypeScript's excess-property check at every level (a misspelt field is
 * an error), its types (a number in words is an error) and its required properties. Each document becomes one
 * {@code .mts} file, {@code const doc: I<Kind> = <the document as JSON>;}, and {@code tsc --noEmit --strict} checks
 * a whole folder of them in one run.
 *
 * <p>The packages are installed with npm once into the build directory (never committed) and reused while their
 * versions match. Without node and npm the check fails with a message saying so: it never passes unchecked.
 */
final class CnpgTypes {

    static final String PACKAGE = "@kubernetes-models/cloudnative-pg";
    static final String PACKAGE_VERSION = "2.0.0";
    /** The last 5.x: its tsc is plain JavaScript and runs on Debian's Node.js. */
    static final String TYPESCRIPT_VERSION = "5.9.3";

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CHECK_TIMEOUT = Duration.ofMinutes(3);
    /** {@code file(line,col): error TSnnnn: message}, tsc's format with {@code --pretty false}. */
    private static final Pattern ERROR = Pattern.compile("^(.+?)\\((\\d+),(\\d+)\\): error (TS\\d+): (.*)$");

    private static CnpgTypes installed;

    private final Path dir;
    private final String node;

    private CnpgTypes(Path dir, String node) {
        this.dir = dir;
        this.node = node;
    }

    /** target/cnpg-types of this module (set by the module's surefire configuration). */
    static Path defaultDir() {
        return Path.of(System.getProperty("ledgerline.cnpg.types.dir", "target/cnpg-types")).toAbsolutePath().normalize();
    }

    /** The packages installed under {@link #defaultDir()}, installing them on first use in this build. */
    static synchronized CnpgTypes installed() {
        if (installed == null) {
            installed = install(defaultDir(), "node", "npm");
        }
        return installed;
    }

    static CnpgTypes install(Path dir, String node, String npm) {
        requireOnPath(dir, node);
        requireOnPath(dir, npm);
        CnpgTypes types = new CnpgTypes(dir, node);
        if (!types.hasVersion(PACKAGE, PACKAGE_VERSION) || !types.hasVersion("typescript", TYPESCRIPT_VERSION)) {
            Run run = run(dir, INSTALL_TIMEOUT, npm, "install", "--no-save", "--no-audit", "--no-fund",
                    "--ignore-scripts", "--prefix", dir.toString(),
                    PACKAGE + "@" + PACKAGE_VERSION, "typescript@" + TYPESCRIPT_VERSION);
            if (run.exitCode() != 0 || !types.hasVersion(PACKAGE, PACKAGE_VERSION)
                    || !types.hasVersion("typescript", TYPESCRIPT_VERSION)) {
                throw new AssertionError("npm could not install " + PACKAGE + "@" + PACKAGE_VERSION + " and typescript@"
                        + TYPESCRIPT_VERSION + " into " + dir + " (the CloudNativePG manifests cannot be checked"
                        + " without them; npm's registry must be reachable or its cache filled):\n" + run.output());
            }
        }
        return types;
    }

    /** Fails, naming what to install, when the command cannot be run: the check must not pass without its tools. */
    static void requireOnPath(Path workDir, String command) {
        Run run;
        try {
            run = run(workDir, Duration.ofSeconds(30), command, "--version");
        } catch (UncheckedIOException e) {
            throw new AssertionError("'" + command + "' is not on the PATH: the CloudNativePG manifests are checked by"
                    + " the TypeScript compiler, which needs Node.js and npm (Debian: apt-get install nodejs npm;"
                    + " .ci/run installs them)", e);
        }
        if (run.exitCode() != 0) {
            throw new AssertionError("'" + command + " --version' failed (exit " + run.exitCode() + "): the"
                    + " CloudNativePG manifests are checked by the TypeScript compiler, which needs a working Node.js"
                    + " and npm:\n" + run.output());
        }
    }

    /** One document as a TypeScript module: the document, as JSON, assigned to a constant of its kind's type. */
    static String source(JsonNode document) {
        return source(document.path("apiVersion").asText(), document.path("kind").asText(), document);
    }

    /** The same, typed as the given apiVersion and kind (whatever the document says). */
    static String source(String apiVersion, String kind, JsonNode document) {
        try {
            return "// " + Documents.describe(document) + "\n"
                    + "import type { I" + kind + " } from \"" + PACKAGE + "/" + apiVersion + "/" + kind + "\";\n"
                    + "const doc: I" + kind + " = "
                    + Documents.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document) + ";\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes each source (file name without extension → TypeScript) into a fresh folder {@code name} and checks them
     * all in one tsc run.
     */
    Result check(String name, Map<String, String> sources) {
        Path folder = dir.resolve("checks").resolve(name);
        try {
            if (Files.exists(folder)) {
                try (Stream<Path> old = Files.list(folder)) {
                    for (Path file : old.toList()) {
                        Files.delete(file);
                    }
                }
            }
            Files.createDirectories(folder);
            List<String> command = new ArrayList<>(List.of(node,
                    dir.resolve("node_modules/typescript/bin/tsc").toString(),
                    "--noEmit", "--strict", "--pretty", "false",
                    // ESM: the package exports its modules for `import` only.
                    "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022",
                    // Our documents are checked; the package's own declarations are its authors' business.
                    "--skipLibCheck"));
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = folder.resolve(source.getKey() + ".mts");
                Files.writeString(file, source.getValue());
                command.add(file.toString());
            }
            Run run = run(folder, CHECK_TIMEOUT, command.toArray(String[]::new));
            return new Result(folder, run.exitCode(), run.output(), errorsByFile(run.output()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What tsc said: its exit code, its whole output, and its error messages per file name (without extension). */
    record Result(Path folder, int exitCode, String output, Map<String, List<String>> errors) {

        List<String> errorsIn(String name) {
            return errors.getOrDefault(name, List.of());
        }
    }

    private static Map<String, List<String>> errorsByFile(String output) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : output.split("\\R")) {
            Matcher matcher = ERROR.matcher(line);
            if (matcher.matches()) {
                String file = Path.of(matcher.group(1)).getFileName().toString().replaceFirst("\\.mts$", "");
                current = errors.computeIfAbsent(file, f -> new ArrayList<>());
                current.add(matcher.group(4) + " " + matcher.group(5));
            } else if (current != null && !line.isBlank()) {
                // tsc's elaboration of the previous error (indented), e.g. the path to a nested property
                current.set(current.size() - 1, current.getLast() + " " + line.strip());
            }
        }
        return errors;
    }

    private boolean hasVersion(String pkg, String version) {
        Path manifest = dir.resolve("node_modules").resolve(pkg).resolve("package.json");
        if (!Files.isRegularFile(manifest)) {
            return false;
        }
        return Documents.json(manifest).path("version").asText().equals(version);
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(Path workDir, Duration timeout, String... command) {
        try {
            Files.createDirectories(workDir);
            Path log = Files.createTempFile(workDir, "process", ".log");
            try {
                Process process = new ProcessBuilder(command).directory(workDir.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
