package io.ledgerline.testsupport.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The role-matrix test every service runs. A service's role matrix is written in one place, the {@code @RolesAllowed}
 * (or {@code @PermitAll} / {@code @DenyAll}) on its resource methods; this base reads it back by reflection and
 * <ol>
 *     <li>checks that every operation in the running service's OpenAPI document is a resource method with such an
 *     annotation, and the other way round (a new endpoint without an entry fails the build);</li>
 *     <li>checks that the README's role table (between {@value #START} and {@value #END}) is exactly the table the code
 *     gives; on a difference it fails and writes the right table to {@code target/role-matrix.md};</li>
 *     <li>calls every endpoint with no token, an expired token, a token from another issuer, one for another audience,
 *     and a token for each role, and asserts 401 / 403 (problem+json naming the roles) / anything else exactly as the
 *     matrix says. A role the matrix lets in must get the service's own answer: 2xx, or a 4xx of its domain (unknown
 *     customer, missing field) — never 401, 403 or a 5xx.</li>
 * </ol>
 * Subclass it in a {@code @QuarkusTest} with {@code @WithTestResource(TestIssuerResource.class)} (and the service's
 * other test resources).
 */
public abstract class RoleMatrixTestBase {

    public static final String START = "<!-- role-matrix:start -->";
    public static final String END = "<!-- role-matrix:end -->";
    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*([A-Za-z0-9_.-]+)\\s*(:[^}]*)?}");

    /** One REST operation and who may call it. {@code roles} empty and {@code open} false: closed to everyone. */
    public record Endpoint(String method, String path, List<String> roles, boolean open, String javaMethod) {

        public String key() {
            return method + " " + path;
        }
    }

    /** Any class of the service's REST package: every {@code @Path} class in it and below it is read. */
    protected abstract Class<?> restPackageAnchor();

    /**
     * Resource classes the service takes from a shared library rather than its own REST package (e.g. the quarantine
     * endpoint of service-support); they are read like the service's own.
     */
    protected List<Class<?>> sharedResourceClasses() {
        return List.of();
    }

    /** Every role the service knows, in the order of the README table's columns. */
    protected abstract List<String> roles();

    /** The README that holds the table, relative to the module (the tests' working directory). */
    protected java.nio.file.Path readme() {
        return java.nio.file.Path.of("README.md");
    }

    /** A value for a path parameter; one that names nothing, so calls that get through find nothing to change. */
    protected String pathValue(String parameter) {
        return "MATRIX-1";
    }

    /** The body sent to a write endpoint; an empty object: the service answers 400 if it gets that far. */
    protected String body(Endpoint endpoint) {
        return "{}";
    }

    /** The endpoints as the code declares them, sorted by path, then method. */
    protected List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Class<?> resource : resourceClasses()) {
            for (Method method : resource.getMethods()) {
                String verb = httpMethod(method);
                if (verb == null) {
                    continue;
                }
                String path = normalize(pathOf(resource) + "/" + pathOf(method));
                boolean denyAll = method.isAnnotationPresent(DenyAll.class)
                        || (!annotated(method) && resource.isAnnotationPresent(DenyAll.class));
                boolean permitAll = method.isAnnotationPresent(PermitAll.class)
                        || (!annotated(method) && resource.isAnnotationPresent(PermitAll.class));
                RolesAllowed rolesAllowed = method.isAnnotationPresent(RolesAllowed.class)
                        ? method.getAnnotation(RolesAllowed.class)
                        : annotated(method) ? null : resource.getAnnotation(RolesAllowed.class);
                List<String> roles = denyAll || rolesAllowed == null ? List.of() : List.of(rolesAllowed.value());
                String javaMethod = resource.getSimpleName() + "." + method.getName();
                if (!denyAll && !permitAll && rolesAllowed == null) {
                    endpoints.add(new Endpoint(verb, path, null, false, javaMethod));
                } else {
                    endpoints.add(new Endpoint(verb, path, roles, permitAll, javaMethod));
                }
            }
        }
        endpoints.sort(Comparator.comparing(Endpoint::path).thenComparing(Endpoint::method));
        return endpoints;
    }

    @Test
    void everyEndpointHasAnEntryInTheMatrix() throws IOException {
        List<Endpoint> declared = endpoints();
        assertThat(declared).as("resource methods found under %s", restPackageAnchor().getPackageName()).isNotEmpty();
        assertThat(declared.stream().filter(e -> e.roles() == null).map(e -> e.key() + " (" + e.javaMethod() + ")"))
                .as("endpoints without @RolesAllowed, @PermitAll or @DenyAll: each needs an entry in the role matrix")
                .isEmpty();
        Set<String> unknownRoles = declared.stream()
                .flatMap(e -> e.roles() == null ? Stream.<String>empty() : e.roles().stream())
                .filter(role -> !roles().contains(role)).collect(Collectors.toCollection(TreeSet::new));
        assertThat(unknownRoles)
                .as("roles in @RolesAllowed that are not among the service's roles %s", roles())
                .isEmpty();

        Set<String> documented = openApiOperations();
        Set<String> inCode = declared.stream().map(Endpoint::key).collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).as("operations of the OpenAPI document = resource methods of the code")
                .containsExactlyInAnyOrderElementsOf(inCode);
    }

    @Test
    void readmeTableIsTheOneTheCodeGives() throws IOException {
        String expected = table(endpoints());
        String readme = Files.readString(readme(), StandardCharsets.UTF_8);
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        String actual = start < 0 || end < start ? "" : readme.substring(start + START.length(), end).strip();
        if (!actual.equals(expected.strip())) {
            java.nio.file.Path out = java.nio.file.Path.of("target", "role-matrix.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, START + "\n" + expected + END + "\n", StandardCharsets.UTF_8);
            assertThat(actual).as("the role table in %s between %s and %s (the table the code gives is in %s)",
                    readme(), START, END, out.toAbsolutePath()).isEqualTo(expected.strip());
        }
    }

    @Test
    void everyEndpointAnswersExactlyAsTheMatrixSays() {
        List<String> wrong = new ArrayList<>();
        Map<String, String> roleTokens = new LinkedHashMap<>();
        for (String role : roles()) {
            roleTokens.put(role, Tokens.of("matrix-" + role, role));
        }
        Map<String, String> badTokens = new LinkedHashMap<>();
        badTokens.put("no token", null);
        badTokens.put("an expired token", Tokens.expired("matrix-expired", roles().toArray(String[]::new)));
        badTokens.put("a token from another issuer", Tokens.fromAnotherIssuer("matrix-foreign", roles().toArray(String[]::new)));
        badTokens.put("a token for another audience", Tokens.forAnotherAudience("matrix-audience", roles().toArray(String[]::new)));

        for (Endpoint endpoint : endpoints()) {
            if (endpoint.roles() == null) {
                continue; // reported by everyEndpointHasAnEntryInTheMatrix
            }
            String path = fill(endpoint.path());
            for (var bad : badTokens.entrySet()) {
                Response response = call(endpoint, path, bad.getValue());
                if (endpoint.open()) {
                    expectAdmitted(wrong, endpoint, bad.getKey(), response);
                } else if (response.statusCode() != 401 || !isProblem(response)) {
                    wrong.add(endpoint.key() + " with " + bad.getKey() + ": expected 401 problem+json, got "
                            + describe(response));
                }
            }
            for (var role : roleTokens.entrySet()) {
                Response response = call(endpoint, path, role.getValue());
                if (endpoint.open() || endpoint.roles().contains(role.getKey())) {
                    expectAdmitted(wrong, endpoint, "role " + role.getKey(), response);
                } else if (response.statusCode() != 403 || !isProblem(response)) {
                    wrong.add(endpoint.key() + " with role " + role.getKey() + ": expected 403 problem+json, got "
                            + describe(response));
                } else {
                    List<String> named = response.jsonPath().getList("requiredRoles", String.class);
                    if (named == null || !new TreeSet<>(named).equals(new TreeSet<>(endpoint.roles()))) {
                        wrong.add(endpoint.key() + " with role " + role.getKey() + ": the 403 should name the roles "
                                + endpoint.roles() + ", named " + named);
                    }
                }
            }
        }
        assertThat(wrong).as("answers that differ from the role matrix").isEmpty();
    }

    /** The Markdown table of the matrix, as the README holds it. */
    public String table(List<Endpoint> endpoints) {
        StringBuilder table = new StringBuilder("| endpoint |");
        roles().forEach(role -> table.append(' ').append(role).append(" |"));
        table.append("\n|---|");
        roles().forEach(role -> table.append(":---:|"));
        table.append('\n');
        for (Endpoint endpoint : endpoints) {
            table.append("| `").append(endpoint.key()).append("` |");
            for (String role : roles()) {
                boolean admitted = endpoint.open() || (endpoint.roles() != null && endpoint.roles().contains(role));
                table.append(admitted ? " ✓ |" : "   |");
            }
            table.append('\n');
        }
        return table.toString();
    }

    private Response call(Endpoint endpoint, String path, String token) {
        RequestSpecification request = RestAssured.given().redirects().follow(false).accept("application/json");
        if (token != null) {
            request.auth().oauth2(token);
        } else {
            request.auth().none(); // whatever default another test class may have set
        }
        if (WITH_BODY.contains(endpoint.method())) {
            request.contentType("application/json").body(body(endpoint));
        }
        return request.request(endpoint.method(), path);
    }

    private static void expectAdmitted(List<String> wrong, Endpoint endpoint, String who, Response response) {
        int status = response.statusCode();
        if (status == 401 || status == 403 || status >= 500) {
            wrong.add(endpoint.key() + " with " + who + ": expected to be let in (2xx or a domain 4xx), got "
                    + describe(response));
        }
    }

    private static boolean isProblem(Response response) {
        String type = response.contentType();
        return type != null && type.startsWith("application/problem+json");
    }

    private static String describe(Response response) {
        String body = response.asString();
        return response.statusCode() + " " + response.contentType() + " "
                + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }

    private String fill(String template) {
        Matcher m = TEMPLATE.matcher(template);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(path, Matcher.quoteReplacement(pathValue(m.group(1))));
        }
        m.appendTail(path);
        return path.toString();
    }

    private Set<String> openApiOperations() throws IOException {
        String document = RestAssured.given().accept("application/json").get("/q/openapi?format=json").asString();
        JsonNode paths = new ObjectMapper().readTree(document).path("paths");
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase();
                if (Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS").contains(method)) {
                    operations.add(method + " " + normalize(path.getKey()));
                }
            }
        }
        return operations;
    }

    private List<Class<?>> resourceClasses() {
        Class<?> anchor = restPackageAnchor();
        try {
            java.nio.file.Path root = java.nio.file.Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            java.nio.file.Path dir = root.resolve(anchor.getPackageName().replace('.', '/'));
            List<Class<?>> classes = new ArrayList<>();
            try (Stream<java.nio.file.Path> files = Files.walk(dir)) {
                for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                    String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
                    Class<?> type = Class.forName(name.substring(0, name.length() - ".class".length()), false,
                            anchor.getClassLoader());
                    if (type.isAnnotationPresent(Path.class) && !Modifier.isAbstract(type.getModifiers())) {
                        classes.add(type);
                    }
                }
            }
            classes.addAll(sharedResourceClasses());
            return classes;
        } catch (IOException | URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot list the resource classes next to " + anchor.getName()
                    + " (the anchor must come from a classes directory, not a jar)", e);
        }
    }

    private static boolean annotated(Method method) {
        return method.isAnnotationPresent(RolesAllowed.class) || method.isAnnotationPresent(PermitAll.class)
                || method.isAnnotationPresent(DenyAll.class);
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    private static String pathOf(java.lang.reflect.AnnotatedElement element) {
        Path path = element.getAnnotation(Path.class);
        return path == null ? "" : path.value();
    }

    private static String normalize(String path) {
        String p = TEMPLATE.matcher(path).replaceAll("{$1}").replaceAll("/+", "/");
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.startsWith("/") ? p : "/" + p;
    }
}
