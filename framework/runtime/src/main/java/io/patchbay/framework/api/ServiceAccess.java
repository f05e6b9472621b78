package io.patchbay.framework.api;

import java.util.Optional;
import java.util.function.Function;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A host's way to call a bundle service that may be swapped at any time. While the providing bundle is
 * being replaced, calls wait up to the configured timeout for the replacement rather than fail.
 */
@ProviderType
public interface ServiceAccess<T> {

    /**
     * Calls {@code action} with the current service, waiting (bounded) for one to be available.
     *
     * @param <R>    what the action returns
     * @param action the call to make on the service
     * @return what the action returned
     * @throws ServiceUnavailableException if none appears within the timeout
     */
    <R> R call(Function<? super T, ? extends R> action);

    /**
     * A proxy of {@code T} whose every method goes through {@link #call}. {@code T} must be an interface.
     *
     * @return the proxy
     */
    T proxy();

    /**
     * The current service, without waiting.
     *
     * @return the service, or empty while none is registered
     */
    Optional<T> current();
}
