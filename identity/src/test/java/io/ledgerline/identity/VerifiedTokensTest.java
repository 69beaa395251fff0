package io.ledgerline.identity;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache's lifetimes on a clock the test moves (the end-to-end behaviour is in {@link TokenCacheTest}). */
class VerifiedTokensTest {

    private static final long T0 = 1_800_000_000_000L;   // epoch millis
    private final AtomicLong now = new AtomicLong(T0);

    @Test
    void aTokenIsHonouredUntilExpPlusTheSkewAndNotAMillisecondLonger() {
        VerifiedTokens cache = cache(true, Duration.ofHours(1), 60, null);
        JsonWebToken token = token(T0 / 1000 - 10, T0 / 1000 + 120);
        cache.remember("a.b.c", token);

        now.set(T0 + 179_999);
        assertThat(cache.find("a.b.c")).contains(token);
        now.set(T0 + 180_000);   // exp + 60 s
        assertThat(cache.find("a.b.c")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void theMaximumAgeAndTheVerifiersTokenAgeCutTheWindowShort() {
        VerifiedTokens byMaxAge = cache(true, Duration.ofMinutes(5), 60, null);
        byMaxAge.remember("t", token(T0 / 1000, T0 / 1000 + 3600));
        now.set(T0 + Duration.ofMinutes(5).toMillis() - 1);
        assertThat(byMaxAge.find("t")).isPresent();
        now.set(T0 + Duration.ofMinutes(5).toMillis());
        assertThat(byMaxAge.find("t")).isEmpty();

        now.set(T0);
        VerifiedTokens byTokenAge = cache(true, Duration.ofHours(1), 60, 30L);   // mp.jwt.verify.token.age=30
        byTokenAge.remember("t", token(T0 / 1000 - 20, T0 / 1000 + 3600));
        now.set(T0 + 9_999);
        assertThat(byTokenAge.find("t")).isPresent();
        now.set(T0 + 10_000);
        assertThat(byTokenAge.find("t")).isEmpty();
    }

    @Test
    void aTokenAlreadyOutsideItsWindowOrWithoutExpIsNotKept() {
        VerifiedTokens cache = cache(true, Duration.ofHours(1), 0, null);
        cache.remember("late", token(T0 / 1000 - 100, T0 / 1000 - 1));
        cache.remember("no-exp", token(T0 / 1000, 0));
        assertThat(cache.find("late")).isEmpty();
        assertThat(cache.find("no-exp")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void onlyTheExactRawTokenFindsAnEntry() {
        VerifiedTokens cache = cache(true, Duration.ofHours(1), 60, null);
        cache.remember("header.claims.signature", token(T0 / 1000, T0 / 1000 + 600));
        assertThat(cache.find("header.claims.signaturE")).isEmpty();
        assertThat(cache.find("header.claims.signature ")).isEmpty();
        assertThat(cache.find("header.claims.signature")).isPresent();
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(2);
    }

    @Test
    void turnedOffItKeepsNothing() {
        VerifiedTokens cache = cache(false, Duration.ofHours(1), 60, null);
        cache.remember("t", token(T0 / 1000, T0 / 1000 + 600));
        assertThat(cache.find("t")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void itIsBounded() {
        VerifiedTokens cache = new VerifiedTokens(true, 3, Duration.ofHours(1), 60, null, now::get);
        for (int i = 0; i < 50; i++) {
            cache.remember("t" + i, token(T0 / 1000, T0 / 1000 + 600));
        }
        assertThat(cache.size()).isEqualTo(3);
    }

    private VerifiedTokens cache(boolean enabled, Duration maxAge, long skew, Long tokenAge) {
        return new VerifiedTokens(enabled, 100, maxAge, skew, tokenAge, now::get);
    }

    private static JsonWebToken token(long iat, long exp) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "sam");
        claims.put("iat", iat);
        if (exp > 0) {
            claims.put("exp", exp);
        }
        return new JsonWebToken() {
            @Override
            public String getName() {
                return "sam";
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return (T) claims.get(claimName);
            }
        };
    }
}
