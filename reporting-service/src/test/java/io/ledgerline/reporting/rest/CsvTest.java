package io.ledgerline.reporting.rest;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** A customer's name, a collector or a reason code never breaks a line of the CSV; a file name is one a disk takes. */
class CsvTest {

    @Test
    void textWithACommaAQuoteOrALineBreakIsQuoted() {
        String csv = new Csv("name", "amount").row("Smith, \"Jones\"\nand Co", new BigDecimal("12.50")).toString();

        assertThat(csv).isEqualTo("name,amount\r\n\"Smith, \"\"Jones\"\"\nand Co\",12.50\r\n");
    }

    @Test
    void aFileNameHoldsNoCharacterAFileSystemRefuses() {
        assertThat(Csv.safeFilename("aging-ACME/EU:1-2026-11-23.csv")).isEqualTo("aging-ACME_EU_1-2026-11-23.csv");
    }
}
