package io.ledgerline.receivables.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ledgerline.receivables.domain.RejectionCode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The codes a sender may see on ledgerline.ingest.rejected are public: the AsyncAPI document lists them, and this
 * test keeps that list and the code in step. Codes only people's commands produce (answered over REST) are named here.
 */
class RejectionCodesDocumentedTest {

    private static final Set<String> REST_ONLY = Set.of("UNKNOWN_CREDIT_NOTE", "UNKNOWN_WRITE_OFF",
            "NO_SUCH_APPLICATION", "PAYMENT_RETURNED", "INVOICE_CANCELLED", "AMOUNT_EXCEEDS_UNAPPLIED",
            "AMOUNT_EXCEEDS_OPEN_AMOUNT", "AMOUNT_EXCEEDS_APPLICATION", "NOTHING_TO_WRITE_OFF",
            "WRITE_OFF_ALREADY_REVERSED", "ADJUSTMENT_BELOW_ZERO", "OPEN_AMOUNT_BELOW_ZERO",
            "UNKNOWN_WRITE_OFF_REQUEST", "REQUEST_ALREADY_DECIDED");

    @Test
    void every_ingest_rejection_code_is_in_the_asyncapi_document_and_no_other() throws IOException, IllegalAccessException {
        Set<String> codes = new TreeSet<>();
        for (Field field : RejectionCode.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                codes.add((String) field.get(null));
            }
        }
        codes.removeAll(REST_ONLY);

        JsonNode document;
        try (var in = getClass().getClassLoader().getResourceAsStream("asyncapi/ledgerline.asyncapi.yaml")) {
            document = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        List<String> documented = new ArrayList<>();
        document.at("/components/schemas/rejectionHeaders/properties/ledgerline-error-code/enum")
                .forEach(code -> documented.add(code.asText()));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(codes);
    }
}
