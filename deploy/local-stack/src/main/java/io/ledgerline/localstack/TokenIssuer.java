package io.ledgerline.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The local stack's identity provider for demo users, on loopback only: an RSA signing key generated on the first
 * start and kept in {@code .data/issuer/signing-key.pk8}, its public half served as JWKS at {@code <issuer>/jwks.json}
 * (what every service verifies tokens against), and {@code GET <issuer>/token?user=sam&role=supervisor&role=...}, which
 * signs an eight-hour token for anyone who asks ({@code deploy/token.sh} calls it). A demo convenience, nothing more:
 * a real deployment points the services at its own identity provider (deploy/README.md).
 */
final class TokenIssuer {

    static final String AUDIENCE = "ledgerline";
    static final String KEY_ID = "ledgerline-local-1";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    /** The roles services know (identity's Roles); anything else is refused so a typo does not become a 403 later. */
    static final Set<String> ROLES = Set.of("ar-clerk", "collector", "credit-analyst", "dispute-analyst", "supervisor",
            "credit-manager", "auditor", "operator", "reader");

    private final int port;
    private final Path keyFile;
    private PrivateKey key;
    private RSAPublicKey publicKey;
    private HttpServer server;

    TokenIssuer(Path dataDir, int port) {
        this.port = port;
        this.keyFile = dataDir.resolve("issuer").resolve("signing-key.pk8");
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String jwksUrl() {
        return url() + "/jwks.json";
    }

    void start() throws IOException, GeneralSecurityException {
        Ports.requireFree(port, "token issuer");
        loadOrCreateKey();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        byte[] jwks = jwks().getBytes(StandardCharsets.UTF_8);
        server.createContext("/jwks.json", exchange -> answer(exchange, 200, "application/json", jwks));
        server.createContext("/token", this::token);
        server.start();
    }

    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    void loadOrCreateKey() throws IOException, GeneralSecurityException {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        if (Files.isRegularFile(keyFile)) {
            key = rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(keyFile)));
        } else {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            key = generator.generateKeyPair().getPrivate();
            Files.createDirectories(keyFile.getParent());
            Files.write(keyFile, key.getEncoded());
            try {
                Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Best effort on file systems without POSIX permissions.
            }
        }
        RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
        publicKey = (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
    }

    private String jwks() {
        return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + KEY_ID + "\",\"n\":\""
                + base64Url(publicKey.getModulus()) + "\",\"e\":\"" + base64Url(publicKey.getPublicExponent()) + "\"}]}";
    }

    private void token(HttpExchange exchange) throws IOException {
        String user = null;
        List<String> roles = new ArrayList<>();
        String query = exchange.getRequestURI().getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            String[] kv = pair.split("=", 2);
            String value = kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
            if (kv[0].equals("user")) {
                user = value;
            } else if (kv[0].equals("role")) {
                roles.add(value);
            }
        }
        if (user == null || !NAME.matcher(user).matches()) {
            answer(exchange, 400, "text/plain", "user must be 1 to 64 characters from A-Z a-z 0-9 . _ @ -\n"
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        List<String> unknown = roles.stream().filter(r -> !ROLES.contains(r)).toList();
        if (!unknown.isEmpty()) {
            answer(exchange, 400, "text/plain", ("unknown roles " + unknown + "; known: " + ROLES + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        try {
            answer(exchange, 200, "text/plain", (sign(user, roles, Duration.ofHours(8)) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            answer(exchange, 500, "text/plain", e.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A compact JWS (RS256) with the claims the services read: iss, aud, sub, preferred_username, groups, iat, exp. */
    String sign(String user, List<String> roles, Duration lifetime) throws GeneralSecurityException {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KEY_ID + "\"}";
        String groups = String.join(",", roles.stream().map(r -> "\"" + r + "\"").toList());
        String claims = "{\"iss\":\"" + url() + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + user
                + "\",\"preferred_username\":\"" + user + "\",\"groups\":[" + groups + "],\"iat\":" + now
                + ",\"exp\":" + (now + lifetime.toSeconds()) + ",\"jti\":\"" + java.util.UUID.randomUUID() + "\"}";
        String signingInput = base64Url(header) + "." + base64Url(claims);
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key);
        rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
    }

    private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
