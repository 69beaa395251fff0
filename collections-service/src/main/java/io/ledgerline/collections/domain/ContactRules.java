package io.ledgerline.collections.domain;

import io.ledgerline.collections.domain.CaseFile.LoggedContact;
import io.ledgerline.collections.domain.Policy.ContactPack;
import io.ledgerline.collections.domain.Policy.ContactRuleSettings;
import io.ledgerline.events.collections.CollectionsEvent.ContactChannel;
import io.ledgerline.events.collections.CollectionsEvent.ContactDirection;
import io.ledgerline.events.collections.CollectionsEvent.ContactOutcome;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The rules on how a debtor may be contacted, checked on every outbound contact a collector logs or schedules.
 * Times are judged in the debtor's own time zone (the customer's, else the configured default), so a daylight-saving
 * change there moves the allowed window with it. A pack is chosen per customer segment.
 *
 * <p>{@code US_REG_F} follows 12 CFR 1006 (Regulation F). Collections keeps one debt per case, so "per debt" is per
 * case here.
 */
public final class ContactRules {

    /** A rule that refuses a contact, and why in words a collector can act on. */
    public record Violation(String rule, String message) {
    }

    /**
     * A contact about to be made: {@code purpose} matters only after a cease-communication request (the kinds of
     * written message Regulation F still allows).
     */
    public record Attempt(ContactChannel channel, ContactDirection direction, Instant at, Purpose purpose) {
    }

    /** What a written message after a cease request may be for (12 CFR 1006.6(c)(1)(i)-(iii)). */
    public enum Purpose { TERMINATION_NOTICE, REMEDY_MAY_BE_INVOKED, REMEDY_INVOKED }

    public static final String REG_F_7_IN_7 = "REG_F_7_CALLS_IN_7_DAYS";
    public static final String REG_F_AFTER_CONVERSATION = "REG_F_7_DAYS_AFTER_CONVERSATION";
    public static final String REG_F_INCONVENIENT_TIME = "REG_F_INCONVENIENT_TIME";
    public static final String REG_F_CEASE = "REG_F_CEASE_COMMUNICATION";
    public static final String CHANNEL_OPT_OUT = "CHANNEL_OPT_OUT";
    /** The rules that stand for the customer's own request: no override makes a contact they forbid. */
    public static final java.util.Set<String> NOT_OVERRIDABLE = java.util.Set.of(REG_F_CEASE, CHANNEL_OPT_OUT);
    public static final String B2B_BUSINESS_HOURS = "B2B_BUSINESS_HOURS";
    public static final String B2B_WEEKLY_CALLS = "B2B_WEEKLY_CALL_LIMIT";

    private static final LocalTime REG_F_EARLIEST = LocalTime.of(8, 0);
    private static final LocalTime REG_F_LATEST = LocalTime.of(21, 0);
    private static final Set<ContactChannel> TIMED = Set.of(ContactChannel.PHONE, ContactChannel.SMS,
            ContactChannel.VISIT, ContactChannel.EMAIL);

    private ContactRules() {
    }

    /**
     * Every rule of the pack the attempt breaks; empty when it is allowed. Inbound contacts are never refused.
     * {@code history} is every contact logged, also those after the attempt: a contact logged late must not make a
     * week or seven days hold more calls than the rules allow.
     */
    public static List<Violation> check(ContactPack pack, ContactRuleSettings settings, Attempt attempt,
                                        Collection<LoggedContact> history, boolean ceaseCommunication,
                                        Set<ContactChannel> optedOut, String timeZone) {
        List<Violation> violations = new ArrayList<>();
        if (attempt.direction() == ContactDirection.INBOUND) {
            return violations;
        }
        ZoneId zone = zoneOf(timeZone, settings.defaultZone());
        ZonedDateTime local = attempt.at().atZone(zone);
        if (optedOut.contains(attempt.channel())) {
            violations.add(new Violation(CHANNEL_OPT_OUT, "the customer opted out of contact by "
                    + attempt.channel()));
        }
        switch (pack) {
            case B2B_DEFAULT -> b2b(settings, attempt, history, zone, local, violations);
            case US_REG_F -> regulationF(attempt, history, ceaseCommunication, zone, local, violations);
        }
        return violations;
    }

    private static void b2b(ContactRuleSettings settings, Attempt attempt, Collection<LoggedContact> history,
                            ZoneId zone, ZonedDateTime local, List<Violation> violations) {
        if (attempt.channel() == ContactChannel.PHONE || attempt.channel() == ContactChannel.VISIT
                || attempt.channel() == ContactChannel.SMS) {
            LocalTime time = local.toLocalTime();
            boolean businessDay = settings.businessDays().contains(local.getDayOfWeek());
            if (!businessDay || time.isBefore(settings.businessStart()) || !time.isBefore(settings.businessEnd())) {
                violations.add(new Violation(B2B_BUSINESS_HOURS, "it is " + local.toLocalDateTime()
                        + " (" + local.getDayOfWeek() + ") in the customer's time zone " + zone.getId()
                        + "; calls and visits only on " + settings.businessDays() + " from "
                        + settings.businessStart() + " to " + settings.businessEnd()));
            }
        }
        if (attempt.channel() == ContactChannel.PHONE) {
            int week = local.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            int year = local.get(IsoFields.WEEK_BASED_YEAR);
            long calls = history.stream().filter(ContactRules::isCallAttempt).map(c -> c.at().atZone(zone))
                    .filter(t -> t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) == week
                            && t.get(IsoFields.WEEK_BASED_YEAR) == year)
                    .count();
            if (calls >= settings.b2bCallsPerWeek()) {
                violations.add(new Violation(B2B_WEEKLY_CALLS, calls + " calls were made in this week already; the limit is "
                        + settings.b2bCallsPerWeek() + " a week"));
            }
        }
    }

    private static void regulationF(Attempt attempt, Collection<LoggedContact> history, boolean cease, ZoneId zone,
                                    ZonedDateTime local, List<Violation> violations) {
        // 1006.6(b)(1)(i): before 8 a.m. or after 9 p.m. local time at the consumer's location is inconvenient.
        if (TIMED.contains(attempt.channel())) {
            LocalTime time = local.toLocalTime();
            if (time.isBefore(REG_F_EARLIEST) || time.isAfter(REG_F_LATEST)) {
                violations.add(new Violation(REG_F_INCONVENIENT_TIME, "it is " + time + " in the consumer's time zone "
                        + zone.getId() + " on " + local.toLocalDate() + "; no contact before 08:00 or after 21:00"
                        + " (12 CFR 1006.6(b)(1)(i))"));
            }
        }
        // 1006.6(c): after a written request to cease, only the listed written notices.
        if (cease && (attempt.purpose() == null || (attempt.channel() != ContactChannel.LETTER
                && attempt.channel() != ContactChannel.EMAIL))) {
            violations.add(new Violation(REG_F_CEASE, "the consumer asked in writing to cease communication; only a"
                    + " letter or e-mail that ends collection efforts or names a remedy (TERMINATION_NOTICE,"
                    + " REMEDY_MAY_BE_INVOKED, REMEDY_INVOKED) may go out (12 CFR 1006.6(c))"));
        }
        if (attempt.channel() == ContactChannel.PHONE) {
            LocalDate day = local.toLocalDate();
            // 1006.14(b)(2)(i)(A): more than seven call attempts within seven consecutive days: any seven days that
            // hold this one, so a call logged after later ones (it happened earlier) counts with those after it too.
            List<LocalDate> callDays = history.stream().filter(ContactRules::isCallAttempt)
                    .map(c -> c.at().atZone(zone).toLocalDate()).toList();
            for (LocalDate first = day.minusDays(6); !first.isAfter(day); first = first.plusDays(1)) {
                LocalDate from = first;
                long attempts = callDays.stream().filter(d -> !d.isBefore(from) && d.isBefore(from.plusDays(7)))
                        .count();
                if (attempts >= 7) {
                    violations.add(new Violation(REG_F_7_IN_7, attempts + " call attempts were made from "
                            + from + " to " + from.plusDays(6) + "; at most 7 within 7 consecutive days"
                            + " (12 CFR 1006.14(b)(2)(i)(A))"));
                    break;
                }
            }
            // 1006.14(b)(2)(i)(B): within seven days after a telephone conversation; its date is day one. Only a
            // conversation before the call counts: a call earlier the same day came before it.
            history.stream()
                    .filter(c -> c.channel() == ContactChannel.PHONE && c.outcome() == ContactOutcome.REACHED)
                    .filter(c -> !c.at().isAfter(attempt.at()))
                    .map(c -> c.at().atZone(zone).toLocalDate())
                    .filter(d -> !day.isBefore(d) && day.isBefore(d.plusDays(7)))
                    .max(LocalDate::compareTo)
                    .ifPresent(conversation -> violations.add(new Violation(REG_F_AFTER_CONVERSATION,
                            "a telephone conversation took place on " + conversation + "; no call before "
                                    + conversation.plusDays(7) + " (12 CFR 1006.14(b)(2)(i)(B))")));
        }
    }

    private static boolean isCallAttempt(LoggedContact contact) {
        return contact.channel() == ContactChannel.PHONE && contact.direction() == ContactDirection.OUTBOUND;
    }

    public static ZoneId zoneOf(String timeZone, ZoneId fallback) {
        if (timeZone == null || timeZone.isBlank()) {
            return fallback;
        }
        try {
            return ZoneId.of(timeZone);
        } catch (java.time.DateTimeException e) {
            return fallback;
        }
    }
}
