package io.ledgerline.events.ingest;

/** How the money arrived, as the contract lists them. */
public enum PaymentMethod { WIRE, ACH, SEPA, CHECK, CARD, CASH, OTHER }
