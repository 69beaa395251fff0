package io.ledgerline.eventstore;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Kafka record headers as one byte array for a BYTEA column: a count, then per header the name and the value, each
 * length-prefixed (a null value as length -1). Bytes, not text or JSON, because a sender's header may hold anything,
 * a NUL character included, and must come back exactly as it was.
 */
public final class RecordHeadersCodec {

    private RecordHeadersCodec() {
    }

    public static byte[] encode(Iterable<Header> headers) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            int count = 0;
            for (Header ignored : headers) {
                count++;
            }
            out.writeInt(count);
            for (Header header : headers) {
                byte[] name = header.key().getBytes(StandardCharsets.UTF_8);
                out.writeInt(name.length);
                out.write(name);
                if (header.value() == null) {
                    out.writeInt(-1);
                } else {
                    out.writeInt(header.value().length);
                    out.write(header.value());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Headers decode(byte[] encoded) {
        RecordHeaders headers = new RecordHeaders();
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(encoded))) {
            int count = in.readInt();
            for (int n = 0; n < count; n++) {
                byte[] name = in.readNBytes(in.readInt());
                int length = in.readInt();
                headers.add(new String(name, StandardCharsets.UTF_8), length < 0 ? null : in.readNBytes(length));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("headers are not in RecordHeadersCodec's format", e);
        }
        return headers;
    }
}
