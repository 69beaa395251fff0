package io.ledgerline.collections.service;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.ledgerline.collections.domain.Ledger;
import io.ledgerline.collections.domain.Policy;
import io.ledgerline.events.collections.CollectionsEvent;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a dunning letter from its Qute template ({@code templates/letters/<template>_<language>.html}) with the
 * items, amounts and due dates the decider put in it, formatted for the letter's language. The HTML is kept as the
 * document; the PDF is made from it with openhtmltopdf whenever someone asks for it.
 */
@ApplicationScoped
public class LetterRenderer {

    /** A rendered letter: its subject (the template's title) and the HTML document. */
    public record Rendered(String subject, String html) {
    }

    private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL);

    private final Engine engine;
    private final Policy policy;

    public LetterRenderer(Engine engine, Policy policy) {
        this.engine = engine;
        this.policy = policy;
    }

    public Rendered render(CollectionsEvent.DunningLetterIssued letter, String strategy, Ledger ledger) {
        Policy.Level level = policy.strategy(strategy).level(letter.level());
        Template template = template(level.template(), letter.language());
        Locale locale = Locale.forLanguageTag(letter.language());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("customerName", ledger.name == null ? ledger.customerId : ledger.name);
        data.put("customerId", ledger.customerId);
        data.put("caseId", letter.caseId());
        data.put("letterId", letter.letterId());
        data.put("date", date(letter.issuedDate(), locale));
        data.put("levelName", level.name());
        data.put("recipientName", letter.recipient().name());
        data.put("items", letter.items().stream().map(item -> Map.<String, Object>of(
                "invoiceId", item.invoiceId(),
                "dueDate", date(item.dueDate(), locale),
                "daysPastDue", item.daysPastDue(),
                "amount", money(item.amount(), item.currency(), locale))).toList());
        data.put("totals", letter.totals().stream().map(t -> money(t.amount(), t.currency(), locale)).toList());
        String html = template.data(data).render();
        Matcher title = TITLE.matcher(html);
        return new Rendered(title.find() ? title.group(1).trim() : level.name(), html);
    }

    private Template template(String name, String language) {
        Template template = engine.getTemplate("letters/" + name + "_" + language);
        if (template == null) {
            template = engine.getTemplate("letters/" + name + "_" + policy.letters().defaultLanguage());
        }
        if (template == null) {
            throw new IllegalStateException("no letter template " + name + " for " + language + " or "
                    + policy.letters().defaultLanguage());
        }
        return template;
    }

    /** The kept HTML as a PDF (openhtmltopdf, which needs well-formed XHTML: the templates are). */
    public static byte[] pdf(String html) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.withHtmlContent(html, null);
            builder.toStream(out);
            builder.run();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String date(LocalDate day, Locale locale) {
        return day.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale));
    }

    static String money(BigDecimal amount, String currency, Locale locale) {
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(Math.max(digits, amount.scale()));
        // Narrow and non-breaking spaces (French grouping) are not in the PDF base fonts.
        return format.format(amount).replace('\u202f', ' ').replace('\u00a0', ' ') + " " + currency;
    }

}
