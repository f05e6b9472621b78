package io.patchbay.sample.greeter.impl;

import io.patchbay.sample.feature.api.Greeter;
import io.patchbay.sample.formatter.NameFormatter;

/** Fills the release's template with the salutation and the formatted name. */
final class TemplateGreeter implements Greeter {

    private final String template;
    private final String salutation;
    private final NameFormatter formatter;

    TemplateGreeter(String template, String salutation, NameFormatter formatter) {
        this.template = template;
        this.salutation = salutation;
        this.formatter = formatter;
    }

    @Override
    public String greet(String name) {
        return template.replace("{salutation}", salutation).replace("{name}", formatter.format(name));
    }
}
