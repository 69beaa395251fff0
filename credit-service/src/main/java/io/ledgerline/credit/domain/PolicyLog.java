package io.ledgerline.credit.domain;

import io.ledgerline.events.common.Actor;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The credit policy's own history: proposals to change it, their switching on (four eyes: never by the person who
 * proposed) or rejection, and imported exchange rates. The policy in force is the configuration with every switched-on
 * change applied in order, and the newest imported rates; so it is decided from these events alone, and every change
 * names who proposed it, who switched it on, why and when.
 *
 * <p>{@link #decide} is pure: the log so far and a command in, the new events (or a rejection) out.
 */
public final class PolicyLog {

    private PolicyLog() {
    }

    /** Decimals an exchange rate may have (a yen in euros is 0.0061; ten decimals leave room for any currency). */
    static final int MAX_RATE_DECIMALS = 10;

    /** The top-level groups of settings a proposal may change (not the service's own settings, like cache sizes). */
    public static final Set<String> POLICY_SECTIONS = Set.of("policy.", "scorecard.", "fx.", "decisions.", "exposure.",
            "rules.", "orders.");

    // ------------------------------------------------------------------ events

    /** What happened to the policy, in the order it happened. */
    public sealed interface Event {
        LocalDate on();

        Actor by();
    }

    /** A change of settings proposed (to be tested with the what-if, then switched on by someone else). */
    public record PolicyProposed(String proposalId, Map<String, String> changes, String reason, LocalDate on,
                                 Actor by) implements Event {
        public PolicyProposed {
            changes = Map.copyOf(changes);
        }
    }

    /**
     * A proposal switched on by a second person: from this event on, decisions use the changed settings.
     *
     * @param policyName the name the policy in force has from now on
     */
    public record PolicySwitchedOn(String proposalId, Map<String, String> changes, String policyName, String reason,
                                   LocalDate on, Actor by, Actor proposedBy) implements Event {
        public PolicySwitchedOn {
            changes = Map.copyOf(changes);
        }
    }

    /** A proposal turned down (or withdrawn by its author); it can no longer be switched on. */
    public record PolicyProposalRejected(String proposalId, String reason, LocalDate on, Actor by) implements Event {
    }

    /**
     * Exchange rates imported as of {@code rateDate}: one unit of each currency in the base currency. They replace
     * the rates in force unless those are of a later date; the whole table is replaced (a currency not named has no
     * rate any more, and orders in it are held for want of one).
     */
    public record ExchangeRatesImported(String importId, String base, LocalDate rateDate, Map<String, BigDecimal> rates,
                                        String source, LocalDate on, Actor by) implements Event {
        public ExchangeRatesImported {
            rates = Map.copyOf(rates);
        }
    }

    // ------------------------------------------------------------------ commands

    public sealed interface Command {
        LocalDate today();

        Actor by();
    }

    public record Propose(String proposalId, Map<String, String> changes, String reason, LocalDate today, Actor by)
            implements Command {
    }

    public record SwitchOn(String proposalId, String reason, LocalDate today, Actor by) implements Command {
    }

    public record Reject(String proposalId, String reason, LocalDate today, Actor by) implements Command {
    }

    public record ImportRates(String importId, String base, LocalDate rateDate, Map<String, BigDecimal> rates,
                              String source, LocalDate today, Actor by) implements Command {
    }

    /** The events a command records (empty: a repeat of what was recorded), or why it is refused. */
    public sealed interface Outcome {
    }

    public record Recorded(List<Event> events) implements Outcome {
    }

    public record Refused(Rejection rejection) implements Outcome {
    }

    // ------------------------------------------------------------------ state

    /** Where a proposal stands. */
    public enum ProposalStatus { PENDING, SWITCHED_ON, REJECTED }

    /** A proposal and what became of it. */
    public record Proposal(PolicyProposed proposed, ProposalStatus status, Event decided) {
    }

    /** Everything the log says: proposals by id, the imports by id, and the settings in force. */
    public record State(Map<String, Proposal> proposals, Map<String, ExchangeRatesImported> imports,
                        Map<String, String> settings) {

        public CreditPolicy policy() {
            return PolicySettings.read(settings);
        }
    }

    /** Folds the log over the configured settings (keys without the {@code ledgerline.credit.} prefix). */
    public static State evolve(Map<String, String> configured, List<? extends Event> log) {
        Map<String, Proposal> proposals = new LinkedHashMap<>();
        Map<String, ExchangeRatesImported> imports = new LinkedHashMap<>();
        Map<String, String> settings = new TreeMap<>(configured);
        for (Event event : log) {
            switch (event) {
                case PolicyProposed p -> proposals.put(p.proposalId(), new Proposal(p, ProposalStatus.PENDING, null));
                case PolicySwitchedOn s -> {
                    Proposal p = proposals.get(s.proposalId());
                    if (p != null) {
                        proposals.put(s.proposalId(), new Proposal(p.proposed(), ProposalStatus.SWITCHED_ON, s));
                    }
                    settings.putAll(s.changes());
                    settings.put("policy.name", s.policyName());
                }
                case PolicyProposalRejected r -> {
                    Proposal p = proposals.get(r.proposalId());
                    if (p != null) {
                        proposals.put(r.proposalId(), new Proposal(p.proposed(), ProposalStatus.REJECTED, r));
                    }
                }
                case ExchangeRatesImported i -> {
                    imports.put(i.importId(), i);
                    String inForce = settings.get("fx.rate-date");
                    if (inForce == null || !i.rateDate().isBefore(LocalDate.parse(inForce))) {
                        settings.put("fx.base", i.base());
                        settings.put("fx.rate-date", i.rateDate().toString());
                        settings.put("fx.rates", i.rates().entrySet().stream()
                                .filter(e -> !e.getKey().equals(i.base()))
                                .sorted(Map.Entry.comparingByKey())
                                .map(e -> e.getKey() + ":" + e.getValue().toPlainString())
                                .collect(Collectors.joining(",")));
                    }
                }
            }
        }
        return new State(proposals, imports, settings);
    }

    // ------------------------------------------------------------------ decisions

    public static Outcome decide(Command command, State state) {
        return switch (command) {
            case Propose c -> propose(c, state);
            case SwitchOn c -> switchOn(c, state);
            case Reject c -> reject(c, state);
            case ImportRates c -> importRates(c, state);
        };
    }

    private static Outcome propose(Propose c, State state) {
        Proposal existing = state.proposals().get(c.proposalId());
        if (existing != null) {
            return existing.proposed().changes().equals(normalised(c.changes()))
                    ? new Recorded(List.of())
                    : refuse(Rejection.conflict("PROPOSAL_ID_IN_USE", "proposal " + c.proposalId()
                    + " was made before with other changes; use a new proposal id"));
        }
        if (c.changes() == null || c.changes().isEmpty()) {
            return refuse(Rejection.invalid("changes", "REQUIRED", "changes must name at least one setting"));
        }
        Map<String, String> changes = normalised(c.changes());
        for (Map.Entry<String, String> change : changes.entrySet()) {
            if (POLICY_SECTIONS.stream().noneMatch(change.getKey()::startsWith)) {
                return refuse(Rejection.invalid("changes." + change.getKey(), "NOT_A_POLICY_SETTING",
                        "only the credit policy's settings can be proposed (" + String.join(", ",
                                new java.util.TreeSet<>(POLICY_SECTIONS)) + "...)"));
            }
            if (change.getValue() == null || change.getValue().isBlank()) {
                return refuse(Rejection.invalid("changes." + change.getKey(), "REQUIRED", "a value is required"));
            }
        }
        Rejection invalid = validate(state.settings(), changes);
        if (invalid != null) {
            return refuse(invalid);
        }
        return new Recorded(List.of(new PolicyProposed(c.proposalId(), changes, c.reason(), c.today(), c.by())));
    }

    private static Outcome switchOn(SwitchOn c, State state) {
        Proposal proposal = state.proposals().get(c.proposalId());
        if (proposal == null) {
            return refuse(Rejection.notFound("UNKNOWN_PROPOSAL", "no policy proposal " + c.proposalId()));
        }
        if (proposal.status() == ProposalStatus.SWITCHED_ON
                && proposal.decided() instanceof PolicySwitchedOn s && s.by().subject().equals(c.by().subject())) {
            return new Recorded(List.of());
        }
        if (proposal.status() != ProposalStatus.PENDING) {
            return refuse(Rejection.refused("PROPOSAL_NOT_PENDING", "proposal " + c.proposalId() + " is "
                    + proposal.status()));
        }
        if (Objects.equals(proposal.proposed().by().subject(), c.by().subject())) {
            return refuse(Rejection.refused("FOUR_EYES", "a policy change is switched on by someone other than who"
                    + " proposed it (" + proposal.proposed().by().subject() + ")"));
        }
        // Settings may have changed since the proposal (another switch, imported rates): it must still make a policy.
        Rejection invalid = validate(state.settings(), proposal.proposed().changes());
        if (invalid != null) {
            return refuse(Rejection.refused("PROPOSAL_NO_LONGER_VALID", "proposal " + c.proposalId()
                    + " no longer makes a valid policy with the settings in force: " + invalid.detail()));
        }
        Map<String, String> after = new TreeMap<>(state.settings());
        after.putAll(proposal.proposed().changes());
        String name = proposal.proposed().changes().getOrDefault("policy.name",
                baseName(state.settings().getOrDefault("policy.name", "policy")) + " + " + c.proposalId());
        return new Recorded(List.of(new PolicySwitchedOn(c.proposalId(), proposal.proposed().changes(), name,
                c.reason(), c.today(), c.by(), proposal.proposed().by())));
    }

    private static String baseName(String name) {
        int plus = name.indexOf(" + ");
        return plus < 0 ? name : name.substring(0, plus);
    }

    private static Outcome reject(Reject c, State state) {
        Proposal proposal = state.proposals().get(c.proposalId());
        if (proposal == null) {
            return refuse(Rejection.notFound("UNKNOWN_PROPOSAL", "no policy proposal " + c.proposalId()));
        }
        if (proposal.status() == ProposalStatus.REJECTED) {
            return new Recorded(List.of());
        }
        if (proposal.status() != ProposalStatus.PENDING) {
            return refuse(Rejection.refused("PROPOSAL_NOT_PENDING", "proposal " + c.proposalId() + " is "
                    + proposal.status()));
        }
        return new Recorded(List.of(new PolicyProposalRejected(c.proposalId(), c.reason(), c.today(), c.by())));
    }

    private static Outcome importRates(ImportRates c, State state) {
        ExchangeRatesImported existing = state.imports().get(c.importId());
        if (existing != null) {
            boolean same = existing.base().equals(c.base()) && existing.rateDate().equals(c.rateDate())
                    && sameRates(existing.rates(), c.rates());
            return same ? new Recorded(List.of()) : refuse(Rejection.conflict("IMPORT_ID_IN_USE", "rates "
                    + c.importId() + " were imported before with other content; use a new import id"));
        }
        String base = state.settings().get("fx.base");
        if (!Objects.equals(base, c.base())) {
            return refuse(Rejection.invalid("base", "WRONG_BASE_CURRENCY", "rates are kept in the policy's base"
                    + " currency " + base + "; convert them before importing"));
        }
        if (c.rateDate().isAfter(c.today())) {
            return refuse(Rejection.invalid("rateDate", "DATE_IN_FUTURE", "rates as of " + c.rateDate()
                    + " are not known yet on " + c.today()));
        }
        if (c.rates() == null || c.rates().isEmpty()) {
            return refuse(Rejection.invalid("rates", "REQUIRED", "rates must name at least one currency"));
        }
        for (Map.Entry<String, BigDecimal> rate : c.rates().entrySet()) {
            if (!Money.isCurrency(rate.getKey())) {
                return refuse(Rejection.invalid("rates." + rate.getKey(), "INVALID_CURRENCY",
                        "currency must be an ISO 4217 code"));
            }
            if (rate.getValue() == null || rate.getValue().signum() <= 0) {
                return refuse(Rejection.invalid("rates." + rate.getKey(), "INVALID_RATE",
                        "a rate must be a positive number"));
            }
            if (Money.tooLarge(rate.getValue()) || rate.getValue().stripTrailingZeros().scale() > MAX_RATE_DECIMALS) {
                // A rate like 1e-999999999 would make every conversion at it a number of a billion digits.
                return refuse(Rejection.invalid("rates." + rate.getKey(), "INVALID_RATE", "a rate has at most "
                        + Money.MAX_INTEGER_DIGITS + " digits before the decimal point and " + MAX_RATE_DECIMALS
                        + " after it"));
            }
            if (rate.getKey().equals(base) && rate.getValue().compareTo(BigDecimal.ONE) != 0) {
                return refuse(Rejection.invalid("rates." + rate.getKey(), "INVALID_RATE",
                        "the base currency's rate is 1"));
            }
        }
        return new Recorded(List.of(new ExchangeRatesImported(c.importId(), c.base(), c.rateDate(), c.rates(),
                c.source(), c.today(), c.by())));
    }

    private static boolean sameRates(Map<String, BigDecimal> a, Map<String, BigDecimal> b) {
        if (b == null || a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, BigDecimal> e : a.entrySet()) {
            BigDecimal other = b.get(e.getKey());
            if (other == null || other.compareTo(e.getValue()) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Keys without the {@code ledgerline.credit.} prefix. */
    private static Map<String, String> normalised(Map<String, String> changes) {
        Map<String, String> out = new TreeMap<>();
        if (changes != null) {
            changes.forEach((k, v) -> out.put(k.startsWith(PolicySettings.PREFIX)
                    ? k.substring(PolicySettings.PREFIX.length()) : k, v == null ? null : v.trim()));
        }
        return out;
    }

    /** Null if the settings with the changes make a policy, else the problem naming the key. */
    private static Rejection validate(Map<String, String> settings, Map<String, String> changes) {
        Map<String, String> after = new TreeMap<>(settings);
        after.putAll(changes);
        try {
            PolicySettings.read(after, changes.keySet());
            return null;
        } catch (PolicySettings.InvalidSetting invalid) {
            return Rejection.invalid("changes." + invalid.key().substring(PolicySettings.PREFIX.length()),
                    "INVALID_SETTING", invalid.getMessage());
        } catch (IllegalArgumentException invalid) {
            return Rejection.invalid("changes", "INVALID_SETTING", invalid.getMessage());
        }
    }

    private static Outcome refuse(Rejection rejection) {
        return new Refused(rejection);
    }

    /** The proposals waiting for a second person, oldest first. */
    public static List<Proposal> pending(State state) {
        List<Proposal> pending = new ArrayList<>();
        state.proposals().values().forEach(p -> {
            if (p.status() == ProposalStatus.PENDING) {
                pending.add(p);
            }
        });
        return pending;
    }
}
