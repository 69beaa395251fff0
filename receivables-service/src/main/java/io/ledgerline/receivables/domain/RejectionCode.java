package io.ledgerline.receivables.domain;

/**
 * The stable error codes of ingest rejections (header {@code ledgerline-error-code}). Codes are part of the public
 * contract: add new ones, never rename.
 */
public final class RejectionCode {
    // Envelope
    public static final String VALUE_TOO_LARGE = "VALUE_TOO_LARGE";
    public static final String NOT_A_CLOUDEVENT = "NOT_A_CLOUDEVENT";
    public static final String UNSUPPORTED_SPEC_VERSION = "UNSUPPORTED_SPEC_VERSION";
    public static final String UNSUPPORTED_CONTENT_TYPE = "UNSUPPORTED_CONTENT_TYPE";
    public static final String MISSING_ATTRIBUTE = "MISSING_ATTRIBUTE";
    public static final String INVALID_ATTRIBUTE = "INVALID_ATTRIBUTE";
    public static final String UNKNOWN_EVENT_TYPE = "UNKNOWN_EVENT_TYPE";
    public static final String WRONG_TOPIC = "WRONG_TOPIC";
    public static final String MALFORMED_JSON = "MALFORMED_JSON";
    public static final String MISSING_KEY = "MISSING_KEY";
    public static final String KEY_MISMATCH = "KEY_MISMATCH";
    // Fields
    public static final String MISSING_FIELD = "MISSING_FIELD";
    public static final String INVALID_FIELD = "INVALID_FIELD";
    public static final String INVALID_IDENTIFIER = "INVALID_IDENTIFIER";
    public static final String INVALID_AMOUNT = "INVALID_AMOUNT";
    public static final String INVALID_CURRENCY = "INVALID_CURRENCY";
    public static final String TOO_MANY_DECIMALS = "TOO_MANY_DECIMALS";
    public static final String INVALID_DATE = "INVALID_DATE";
    public static final String INVALID_COUNTRY = "INVALID_COUNTRY";
    public static final String INVALID_TIME_ZONE = "INVALID_TIME_ZONE";
    public static final String INVALID_PAYMENT_METHOD = "INVALID_PAYMENT_METHOD";
    public static final String DUE_DATE_BEFORE_ISSUE_DATE = "DUE_DATE_BEFORE_ISSUE_DATE";
    public static final String ALLOCATIONS_EXCEED_AMOUNT = "ALLOCATIONS_EXCEED_AMOUNT";
    // Limits (ingest-v1, clarified 2026-12-01)
    /** A text field is longer than the contract allows (1,000 characters; 256 in a contact). */
    public static final String TEXT_TOO_LONG = "TEXT_TOO_LONG";
    /** A control character (U+0000–U+001F, U+007F; tab, LF and CR allowed in description and reason) or an unpaired surrogate. */
    public static final String INVALID_CHARACTER = "INVALID_CHARACTER";
    /** A date before 1970-01-01 or after 2199-12-31. */
    public static final String DATE_OUT_OF_RANGE = "DATE_OUT_OF_RANGE";
    /** An issue, received, cancelled or returned date more than 31 days after the business date. */
    public static final String DATE_IN_FUTURE = "DATE_IN_FUTURE";
    /** A dueDate more than 10 years after its issueDate. */
    public static final String DUE_DATE_TOO_FAR = "DUE_DATE_TOO_FAR";
    /** More than 1,000 allocation lines on one payment. */
    public static final String TOO_MANY_ALLOCATIONS = "TOO_MANY_ALLOCATIONS";
    /** The same (source, id) as an accepted record, with another type or data. */
    public static final String CONFLICTING_MESSAGE_ID = "CONFLICTING_MESSAGE_ID";
    // Ledger
    public static final String CONFLICTING_DUPLICATE = "CONFLICTING_DUPLICATE";
    public static final String UNKNOWN_INVOICE = "UNKNOWN_INVOICE";
    public static final String UNKNOWN_PAYMENT = "UNKNOWN_PAYMENT";
    public static final String INVOICE_NOT_CANCELLABLE = "INVOICE_NOT_CANCELLABLE";
    public static final String CURRENCY_MISMATCH = "CURRENCY_MISMATCH";
    /** A cancel or a return dated before the invoice or payment it undoes. */
    public static final String DATE_BEFORE_DOCUMENT = "DATE_BEFORE_DOCUMENT";
    // Clerk commands
    public static final String UNKNOWN_CREDIT_NOTE = "UNKNOWN_CREDIT_NOTE";
    public static final String UNKNOWN_WRITE_OFF = "UNKNOWN_WRITE_OFF";
    public static final String NO_SUCH_APPLICATION = "NO_SUCH_APPLICATION";
    public static final String PAYMENT_RETURNED = "PAYMENT_RETURNED";
    public static final String INVOICE_CANCELLED = "INVOICE_CANCELLED";
    public static final String AMOUNT_EXCEEDS_UNAPPLIED = "AMOUNT_EXCEEDS_UNAPPLIED";
    public static final String AMOUNT_EXCEEDS_OPEN_AMOUNT = "AMOUNT_EXCEEDS_OPEN_AMOUNT";
    public static final String AMOUNT_EXCEEDS_APPLICATION = "AMOUNT_EXCEEDS_APPLICATION";
    public static final String NOTHING_TO_WRITE_OFF = "NOTHING_TO_WRITE_OFF";
    public static final String WRITE_OFF_ALREADY_REVERSED = "WRITE_OFF_ALREADY_REVERSED";
    public static final String ADJUSTMENT_BELOW_ZERO = "ADJUSTMENT_BELOW_ZERO";
    public static final String OPEN_AMOUNT_BELOW_ZERO = "OPEN_AMOUNT_BELOW_ZERO";
    public static final String UNKNOWN_WRITE_OFF_REQUEST = "UNKNOWN_WRITE_OFF_REQUEST";
    public static final String REQUEST_ALREADY_DECIDED = "REQUEST_ALREADY_DECIDED";

    private RejectionCode() {
    }
}
