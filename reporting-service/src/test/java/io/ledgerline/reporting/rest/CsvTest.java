package io.ledgerline.reporting.rest;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** A customer's name, a collector or a reason code never breaks a line of the CSV nor runs as a formula. */
class CsvTest {

    @Test
    void textWithACommaAQuoteOrALineBreakIsQuoted() {
        String csv = new Csv("name", "amount").row("Smith, \"Jones\"\nand Co", new BigDecimal("12.50")).toString();

        assertThat(csv).isEqualTo("name,amount\r\n\"Smith, \"\"Jones\"\"\nand Co\",12.50\r\n");
    }

    @Test
    void textASpreadsheetWouldTakeForAFormulaIsWrittenAsTextButNumbersStayNumbers() {
        String csv = new Csv("a", "b", "c", "d", "e", "f", "g").row("=HYPERLINK(\"http://x\",\"y\")", "+1", " @SUM(A1)",
                "\uFF0D2", "-A1", new BigDecimal("-5.00"), LocalDate.parse("2026-11-23")).toString();

        assertThat(csv.split("\r\n")[1]).isEqualTo(
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'+1,' @SUM(A1),'\uFF0D2,'-A1,-5.00,2026-11-23");
    }

    @Test
    void aFileNameHoldsNoCharacterAFileSystemRefuses() {
        assertThat(Csv.safeFilename("aging-ACME/EU:1-2026-11-23.csv")).isEqualTo("aging-ACME_EU_1-2026-11-23.csv");
    }
}
