package io.ledgerline.events.ingest;

/** A person to contact at the customer; every field but the name is optional. */
public record Contact(String name, String email, String phone, String role) {
}
