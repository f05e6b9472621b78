package io.patchbay.sample.feature.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Reports, the licensed sample feature: the bundle providing it names the feature {@code reports} in its
 * {@code Patchbay-Feature} header, so it runs only while that feature is licensed.
 */
@ProviderType
public interface Reports {
    /**
     * A report on {@code subject} naming the providing bundle's version, e.g. {@code "Report on sales (v1.0.0)"}.
     *
     * @param subject what the report is about
     * @return the report
     */
    String report(String subject);
}
