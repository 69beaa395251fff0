package io.ledgerline.systemtest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static io.ledgerline.systemtest.Ledgerline.COLLECTIONS;
import static io.ledgerline.systemtest.Ledgerline.CREDIT;
import static io.ledgerline.systemtest.Ledgerline.DISPUTES;
import static io.ledgerline.systemtest.Ledgerline.RECEIVABLES;
import static io.ledgerline.systemtest.Ledgerline.REPORTING;

/**
 * What a customer's story left behind, in a form two customers with the same story can be compared in: every event
 * on every topic and what each service answers about the customer, reduced to the business content (amounts, dates,
 * states, counts) with the customer's own id written as {@code {c}}. Ids the services make up themselves (cases,
 * promises, holds, letters, disputes) and instants differ between two customers by nature and are left out.
 */
final class Snapshot {

    private static final Pattern AMOUNT = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern STATE = Pattern.compile("[A-Z][A-Z0-9_]+");
    /** A mail outbox's delivery bookkeeping depends on when an SMTP server was last tried, not on the story. */
    private static final Pattern DELIVERY = Pattern.compile("(?i).*(attempt|error|sent|deliver|mail|bounce).*");

    private Snapshot() {
    }

    static Map<String, Object> of(Ledgerline l, Story.Customer c) {
        Map<String, Object> snapshot = new TreeMap<>();
        for (String topic : List.of(Story.RECEIVABLES_EVENTS, Story.CREDIT_EVENTS, Story.COLLECTIONS_EVENTS,
                Story.DISPUTES_EVENTS)) {
            List<String> events = new ArrayList<>();
            for (TopicLog.Seen seen : l.topics.distinct(topic, c.id())) {
                events.add(seen.type() + " " + reduce(seen.value(), c.id()));
            }
            events.sort(null);
            snapshot.put("topic " + topic, events);
        }
        // A compacted topic means its latest value per key; how many snapshots led there depends on how the
        // consumer's polls happened to split the events, which is not state.
        TopicLog.Seen aging = l.topics.latest(Story.AGING, c.id() + "/EUR");
        snapshot.put("topic " + Story.AGING, aging == null ? "none" : aging.tombstone() ? "tombstone"
                : String.valueOf(reduce(aging.value(), c.id())));
        if (l.has(RECEIVABLES)) {
            snapshot.put("receivables account", rest(l, RECEIVABLES, "/accounts/" + c.id(), c));
            snapshot.put("receivables statement", rest(l, RECEIVABLES, "/accounts/" + c.id()
                    + "/statement?from=2026-09-01&to=2026-10-31", c));
        }
        if (l.has(COLLECTIONS)) {
            snapshot.put("collections case", rest(l, COLLECTIONS, "/customers/" + c.id() + "/case", c));
        }
        if (l.has(CREDIT)) {
            snapshot.put("credit profile", rest(l, CREDIT, "/customers/" + c.id(), c));
        }
        if (l.has(DISPUTES)) {
            snapshot.put("disputes", rest(l, DISPUTES, "/disputes?customerId=" + c.id(), c));
        }
        if (l.has(REPORTING)) {
            snapshot.put("reporting aging", rest(l, REPORTING, "/aging/customers/" + c.id() + "?asOf="
                    + Story.PAID_ON, c));
        }
        return snapshot;
    }

    private static Object rest(Ledgerline l, String service, String path, Story.Customer c) {
        Http.Answer answer = Http.get(l.url(service, path), l.reader);
        return answer.status() + " " + (answer.text().isBlank() ? "" : reduce(answer.json(), c.id()));
    }

    /** The business content of a JSON value: amounts, dates, states, flags, counts and the customer's own ids. */
    static Object reduce(JsonNode node, String customerId) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> kept = new TreeMap<>();
            node.fields().forEachRemaining(field -> {
                if (!DELIVERY.matcher(field.getKey()).matches()) {
                    Object value = reduce(field.getValue(), customerId);
                    if (value != null) {
                        kept.put(field.getKey(), value);
                    }
                }
            });
            return kept.isEmpty() ? null : kept;
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(item -> items.add(reduce(item, customerId)));
            return items;
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.asText();
        }
        String text = node.asText();
        if (text.contains(customerId)) {
            return text.replace(customerId, "{c}");
        }
        if (AMOUNT.matcher(text).matches() || DATE.matcher(text).matches() || STATE.matcher(text).matches()) {
            return text;
        }
        return null;
    }
}
