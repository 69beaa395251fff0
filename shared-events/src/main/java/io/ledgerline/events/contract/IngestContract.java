package io.ledgerline.events.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ingest contract document as shipped in this jar ({@code contract/ingest-v1.md}, a verbatim copy of the public
 * promise), and the JSON examples in it, so tests anywhere can hold code to the contract's own words.
 */
public final class IngestContract {

    public static final String RESOURCE = "contract/ingest-v1.md";
    /** An example's event type is the backticked name opening the last paragraph line before its block. */
    private static final Pattern EVENT_HEADING = Pattern.compile("^`([A-Z][A-Za-z0-9]*)`");

    public record Example(String eventName, String json) {
        @Override
        public String toString() {
            return eventName;
        }
    }

    private IngestContract() {
    }

    public static String text() {
        try (InputStream in = IngestContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every ```json block of the contract with the event type it illustrates. */
    public static List<Example> examples() {
        List<Example> examples = new ArrayList<>();
        String eventName = null;
        StringBuilder block = null;
        for (String line : text().lines().toList()) {
            if (block != null) {
                if (line.startsWith("```")) {
                    if (eventName == null) {
                        throw new IllegalStateException("a json block in the contract has no `EventType` before it: " + block);
                    }
                    examples.add(new Example(eventName, block.toString()));
                    block = null;
                } else {
                    block.append(line).append('\n');
                }
            } else if (line.startsWith("```json")) {
                block = new StringBuilder();
            } else {
                Matcher heading = EVENT_HEADING.matcher(line);
                if (heading.find()) {
                    eventName = heading.group(1);
                }
            }
        }
        return examples;
    }
}
