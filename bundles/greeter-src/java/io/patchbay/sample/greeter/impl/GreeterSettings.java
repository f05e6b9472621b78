package io.patchbay.sample.greeter.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.osgi.framework.Bundle;

/**
 * What distinguishes one greeter release from another, read from the bundle's own
 * {@code greeter.properties} entry (a signed entry like any other):
 * <ul>
 *   <li>{@code template}: the greeting, with {@code {salutation}} and {@code {name}} placeholders;</li>
 *   <li>{@code salutation}: a fixed salutation, or</li>
 *   <li>{@code salutation.property}: the framework property to read it from. A release that needs it
 *       refuses to start while the host has not set it.</li>
 * </ul>
 */
record GreeterSettings(String template, String fixedSalutation, String salutationProperty, String bundle) {

    static final String ENTRY = "greeter.properties";

    static GreeterSettings load(Bundle bundle) {
        String name = bundle.getSymbolicName() + " " + bundle.getVersion();
        URL entry = bundle.getEntry(ENTRY);
        if (entry == null) {
            throw new IllegalStateException(name + " has no " + ENTRY + " entry");
        }
        Properties properties = new Properties();
        try (InputStream in = entry.openStream(); Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(name + " cannot read " + ENTRY + ": " + e.getMessage(), e);
        }
        String template = properties.getProperty("template");
        if (template == null || template.isBlank()) {
            throw new IllegalStateException(name + ": " + ENTRY + " has no template");
        }
        return new GreeterSettings(template, properties.getProperty("salutation", "Hello"),
                properties.getProperty("salutation.property"), name);
    }

    /** The salutation to use, looking framework properties up with {@code frameworkProperty}. */
    String salutation(UnaryOperator<String> frameworkProperty) {
        if (salutationProperty == null) {
            return fixedSalutation;
        }
        String value = frameworkProperty.apply(salutationProperty);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(bundle + " needs the framework property " + salutationProperty
                    + ", which the host does not set");
        }
        return value.strip();
    }
}
