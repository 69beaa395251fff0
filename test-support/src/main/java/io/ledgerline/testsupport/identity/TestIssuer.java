package io.ledgerline.testsupport.identity;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * A token issuer for tests, as an identity provider would be one: an RSA signing key whose public half is served as
 * a JWKS document over HTTP ({@code GET <issuer>/jwks.json}), on loopback and a random port. Services under test verify
 * tokens against it exactly as they would against Keycloak; nothing about security is turned off.
 * <p>
 * A second key, never published, signs tokens of a "foreign" issuer: what a token from another realm or system looks
 * like to a service.
 * <p>
 * One issuer per JVM. Quarkus loads test resources and tests in different class loaders, so the started issuer's URL
 * and keys are published as system properties and every copy of this class adopts them (the same trick as
 * {@code KafkaBroker}).
 */
public final class TestIssuer {

    public static final String AUDIENCE = "ledgerline";
    public static final String KEY_ID = "ledgerline-test-1";

    private static final String URL_PROPERTY = "ledgerline.testsupport.issuer.url";
    private static final String KEY_PROPERTY = "ledgerline.testsupport.issuer.key";
    private static final String FOREIGN_KEY_PROPERTY = "ledgerline.testsupport.issuer.foreign-key";
    private static final Object JVM_LOCK = "io.ledgerline.testsupport.identity.TestIssuer.lock".intern();

    private static volatile TestIssuer shared;

    private final String url;
    private final PrivateKey signingKey;
    private final PrivateKey foreignKey;

    private TestIssuer(String url, PrivateKey signingKey, PrivateKey foreignKey) {
        this.url = url;
        this.signingKey = signingKey;
        this.foreignKey = foreignKey;
    }

    public static TestIssuer shared() {
        TestIssuer issuer = shared;
        if (issuer != null) {
            return issuer;
        }
        synchronized (JVM_LOCK) {
            if (shared == null) {
                if (System.getProperty(URL_PROPERTY) == null) {
                    start();
                }
                shared = new TestIssuer(System.getProperty(URL_PROPERTY), privateKey(System.getProperty(KEY_PROPERTY)),
                        privateKey(System.getProperty(FOREIGN_KEY_PROPERTY)));
            }
            return shared;
        }
    }

    /** The {@code iss} of its tokens; also the base of its JWKS address. */
    public String url() {
        return url;
    }

    public String jwksUrl() {
        return url + "/jwks.json";
    }

    /** The issuer a token from elsewhere names: another realm of the same kind, with its own key. */
    public String foreignUrl() {
        return url + "/other-realm";
    }

    PrivateKey signingKey() {
        return signingKey;
    }

    PrivateKey foreignKey() {
        return foreignKey;
    }

    private static void start() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair trusted = generator.generateKeyPair();
            KeyPair foreign = generator.generateKeyPair();
            byte[] jwks = jwks((RSAPublicKey) trusted.getPublic()).getBytes(StandardCharsets.UTF_8);

            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/jwks.json", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(jwks);
                }
            });
            server.setExecutor(null);
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "test-issuer-stop"));

            System.setProperty(URL_PROPERTY, "http://127.0.0.1:" + server.getAddress().getPort());
            System.setProperty(KEY_PROPERTY, Base64.getEncoder().encodeToString(trusted.getPrivate().getEncoded()));
            System.setProperty(FOREIGN_KEY_PROPERTY, Base64.getEncoder().encodeToString(foreign.getPrivate().getEncoded()));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("could not start the test token issuer", e);
        }
    }

    /** A JWKS document (RFC 7517) with one RSA signing key. */
    static String jwks(RSAPublicKey key) {
        return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + KEY_ID + "\",\"n\":\""
                + base64Url(key.getModulus()) + "\",\"e\":\"" + base64Url(key.getPublicExponent()) + "\"}]}";
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static PrivateKey privateKey(String pkcs8Base64) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pkcs8Base64)));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("the test issuer's key cannot be read", e);
        }
    }

    /** The public half of a private RSA key, for tests that check signatures themselves. */
    static RSAPublicKey publicKeyOf(PrivateKey key) {
        try {
            RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(e);
        }
    }
}
