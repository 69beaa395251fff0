package io.ledgerline.receivables.domain;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The account's JSON form (stream snapshots) keeps up with the class; the round trip itself is property 8. */
class AccountJsonTest {

    /**
     * A field added to {@link Account} must be added to {@link Account#toJson()} and {@link Account#fromJson}, and
     * {@link Account#JSON_SHAPE} bumped, or snapshots written before would load without it. When this fails, do both,
     * then add the field's name here.
     */
    @Test
    void everyFieldOfTheAccountIsInItsJsonForm() {
        String[] fields = Arrays.stream(Account.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))
                .map(Field::getName)
                .sorted()
                .toArray(String[]::new);

        assertThat(fields).containsExactly("adjustments", "applicationDates", "applications", "clerkManaged",
                "creditNotes", "customerId", "delinquency", "invoices", "keptFromEarlierPolicy",
                "lastDelinquencyEvaluation", "moneyDates", "payments", "policy", "profile", "referenceTokens",
                "roomDates", "writeOffRequests", "writeOffs");
        assertThat(Account.JSON_SHAPE).isEqualTo(1);
    }

    @Test
    void anEmptyAccountReadsBack() {
        Account empty = AccountDecider.initialState("C-1");

        Account back = Account.fromJson(empty.toJson());

        assertThat(back).isEqualTo(empty);
        assertThat(back.toJson()).isEqualTo(empty.toJson());
    }

    @Test
    void jsonOfAnotherShapeOrNoAccountIsRefused() {
        String json = AccountDecider.initialState("C-1").toJson();

        assertThatThrownBy(() -> Account.fromJson(json.replace("\"shape\":1", "\"shape\":2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape 2");
        assertThatThrownBy(() -> Account.fromJson("{\"invoices\": 7}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Account.fromJson("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
