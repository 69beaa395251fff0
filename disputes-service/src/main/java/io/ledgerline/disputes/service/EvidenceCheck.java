package io.ledgerline.disputes.service;

import io.ledgerline.disputes.domain.Rejection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What an evidence upload must be: within the size limit, of an accepted content type, and really of that type (the
 * content's first bytes are checked, so a renamed executable is not stored as a PDF).
 */
@ApplicationScoped
public class EvidenceCheck {

    private final long maxBytes;
    private final List<String> contentTypes;

    public EvidenceCheck(@ConfigProperty(name = "ledgerline.disputes.evidence.max-bytes", defaultValue = "5242880") long maxBytes,
                         @ConfigProperty(name = "ledgerline.disputes.evidence.content-types",
                                 defaultValue = "application/pdf,image/png,image/jpeg,text/plain") List<String> contentTypes) {
        this.maxBytes = maxBytes;
        this.contentTypes = contentTypes.stream().map(t -> t.trim().toLowerCase(Locale.ROOT)).toList();
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The media type without parameters, lower case, once the content is checked; otherwise a refusal. */
    public String check(String declaredType, String fileName, byte[] content) {
        if (fileName == null || fileName.isBlank() || fileName.length() > 200 || fileName.contains("/")
                || fileName.contains("\\") || fileName.chars().anyMatch(Character::isISOControl)) {
            throw new CommandRefused(Rejection.invalid("INVALID_FILE_NAME", "fileName",
                    "fileName is required: 1 to 200 characters, no path separators or control characters"));
        }
        if (content == null || content.length == 0) {
            throw new CommandRefused(Rejection.invalid("EMPTY_EVIDENCE", "body", "the evidence has no content"));
        }
        if (content.length > maxBytes) {
            throw new CommandRefused(new Rejection(Rejection.Kind.REFUSED, "EVIDENCE_TOO_LARGE", "body",
                    "the evidence is " + content.length + " bytes; at most " + maxBytes + " are accepted"));
        }
        String type = declaredType == null ? "" : declaredType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!contentTypes.contains(type)) {
            throw new CommandRefused(new Rejection(Rejection.Kind.REFUSED, "UNSUPPORTED_CONTENT_TYPE", "Content-Type",
                    "evidence of type '" + type + "' is not accepted; send one of " + contentTypes));
        }
        if (!looksLike(type, content)) {
            throw new CommandRefused(new Rejection(Rejection.Kind.REFUSED, "CONTENT_TYPE_MISMATCH", "Content-Type",
                    "the content is not " + type + " (its first bytes say otherwise)"));
        }
        return type;
    }

    static boolean looksLike(String type, byte[] content) {
        return switch (type) {
            case "application/pdf" -> startsWith(content, "%PDF-".getBytes(StandardCharsets.US_ASCII));
            case "image/png" -> startsWith(content, new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
            case "image/jpeg" -> startsWith(content, new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
            case "text/plain" -> isText(content);
            // A type configured without a signature known here is taken as declared.
            default -> true;
        };
    }

    private static boolean startsWith(byte[] content, byte[] prefix) {
        if (content.length < prefix.length) {
            return false;
        }
        for (int n = 0; n < prefix.length; n++) {
            if (content[n] != prefix[n]) {
                return false;
            }
        }
        return true;
    }

    /** UTF-8 without NUL bytes. */
    private static boolean isText(byte[] content) {
        for (byte b : content) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
