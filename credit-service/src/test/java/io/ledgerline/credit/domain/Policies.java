package io.ledgerline.credit.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** The policy the service ships with, read from its own application.properties, and variants of it. */
public final class Policies {

    private Policies() {
    }

    public static Map<String, String> defaultSettings() {
        Properties properties = new Properties();
        try (InputStream in = Policies.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> all = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> all.put(name, properties.getProperty(name)));
        return PolicySettings.strip(all);
    }

    public static CreditPolicy defaults() {
        return PolicySettings.read(defaultSettings());
    }

    /** The default policy with some settings changed (keys without the ledgerline.credit. prefix). */
    public static CreditPolicy with(Map<String, String> changes) {
        Map<String, String> settings = new HashMap<>(defaultSettings());
        settings.putAll(changes);
        return PolicySettings.read(settings);
    }
}
