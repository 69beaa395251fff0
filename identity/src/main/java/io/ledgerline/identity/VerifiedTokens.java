package io.ledgerline.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Bearer tokens this service has verified, kept so that the same token seen again is not verified again (an RSA
 * signature and the claims' JSON, the largest single cost of an authenticated read). Keyed by the whole raw token:
 * a token that differs in one character is another key, so it is verified. Only a token that passed verification
 * ever gets in.
 *
 * <p>An entry is honoured only while the verifier itself would still accept its token: until {@code exp} plus the
 * configured clock skew, or earlier if a maximum token age ({@code mp.jwt.verify.token.age}) ends it sooner, and
 * never longer than {@code maxAge} after it was verified (which bounds how long a token signed with a key the issuer
 * has since withdrawn is still honoured). The check is made against the wall clock on every hit, independent of when
 * the bounded cache gets round to evicting the entry. Bounded in size: the least recently used go first.
 */
public final class VerifiedTokens {

    private record Entry(JsonWebToken token, long validUntilMillis) {
    }

    private final boolean enabled;
    private final long expirySkewSeconds;
    private final Long maxTokenAgeSeconds;
    private final long maxAgeMillis;
    private final LongSupplier nowMillis;
    private final Cache<String, Entry> entries;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /**
     * @param expirySkewSeconds  how long after {@code exp} the verifier still accepts a token (its clock skew)
     * @param maxTokenAgeSeconds the verifier's maximum age after {@code iat}, or null when it has none
     * @param nowMillis          the wall clock the verifier uses (epoch milliseconds)
     */
    public VerifiedTokens(boolean enabled, long maxSize, Duration maxAge, long expirySkewSeconds,
                          Long maxTokenAgeSeconds, LongSupplier nowMillis) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("the token cache's size must be at least 1 (or turn it off)");
        }
        this.enabled = enabled;
        this.expirySkewSeconds = Math.max(0, expirySkewSeconds);
        this.maxTokenAgeSeconds = maxTokenAgeSeconds;
        this.maxAgeMillis = maxAge.toMillis();
        this.nowMillis = nowMillis;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxSize)
                // Eviction bookkeeping on the calling thread: cheap, and nothing runs on a shared pool.
                .executor(Runnable::run)
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry entry, long currentTime) {
                        return remainingNanos(entry);
                    }

                    @Override
                    public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
                        return remainingNanos(entry);
                    }

                    @Override
                    public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    public boolean enabled() {
        return enabled;
    }

    /** The verified token for exactly this raw token, if it was verified before and is still within its lifetime. */
    public Optional<JsonWebToken> find(String rawToken) {
        if (!enabled || rawToken == null) {
            return Optional.empty();
        }
        Entry entry = entries.getIfPresent(rawToken);
        if (entry == null) {
            misses.increment();
            return Optional.empty();
        }
        if (nowMillis.getAsLong() >= entry.validUntilMillis()) {
            // Expired while cached: dropped, and the token goes through the verifier again (which refuses it).
            entries.asMap().remove(rawToken, entry);
            misses.increment();
            return Optional.empty();
        }
        hits.increment();
        return Optional.of(entry.token());
    }

    /** Keeps a token the verifier has just accepted (never call it with anything else). */
    public void remember(String rawToken, JsonWebToken verified) {
        if (!enabled || rawToken == null || verified == null) {
            return;
        }
        long validUntil = validUntilMillis(verified);
        if (validUntil > nowMillis.getAsLong()) {
            entries.put(rawToken, new Entry(verified, validUntil));
        }
    }

    /**
     * The end of the window in which the verifier would accept this token now: {@code exp} + skew, cut short by the
     * maximum token age and by this cache's own maximum age. A token without {@code exp} is never kept.
     */
    long validUntilMillis(JsonWebToken token) {
        long exp = seconds(token, "exp");
        if (exp <= 0) {
            return Long.MIN_VALUE;
        }
        long until = (exp + expirySkewSeconds) * 1000;
        if (maxTokenAgeSeconds != null) {
            long iat = seconds(token, "iat");
            if (iat <= 0) {
                return Long.MIN_VALUE;
            }
            until = Math.min(until, (iat + maxTokenAgeSeconds) * 1000);
        }
        return Math.min(until, nowMillis.getAsLong() + maxAgeMillis);
    }

    /** A NumericDate claim in epoch seconds, 0 when absent (never an unboxing failure). */
    private static long seconds(JsonWebToken token, String claim) {
        return token.getClaim(claim) instanceof Number value ? value.longValue() : 0;
    }

    private long remainingNanos(Entry entry) {
        return TimeUnit.MILLISECONDS.toNanos(Math.max(0, entry.validUntilMillis() - nowMillis.getAsLong()));
    }

    /** Tokens held now (after evicting what is due). */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    /** Requests answered from the cache. */
    public long hits() {
        return hits.sum();
    }

    /** Requests whose token was not in the cache (or had expired there) and went to the verifier. */
    public long misses() {
        return misses.sum();
    }

    /** Forgets every token (e.g. after the issuer's keys were rotated because one was compromised). */
    public void clear() {
        entries.invalidateAll();
    }
}
