package io.patchbay.framework.api;

/** No service of the wanted type appeared within the service access timeout. */
public class ServiceUnavailableException extends PatchbayException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, for a person
     */
    public ServiceUnavailableException(String message) {
        super(message);
    }
}
