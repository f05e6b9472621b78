package io.patchbay.framework.impl.access;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;

/**
 * Turns every interface call on a proxy into {@link TrackedServiceAccess#call}. A checked exception the service
 * throws travels through {@code call} wrapped and is rethrown as itself, so the proxy behaves like the service.
 */
final class CallingHandler<T> implements InvocationHandler {
    private final TrackedServiceAccess<T> access;
    private final Class<T> type;

    CallingHandler(TrackedServiceAccess<T> access, Class<T> type) {
        this.access = access;
        this.type = type;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "ServiceAccess proxy of " + type.getName();
            };
        }
        try {
            return access.call(service -> invokeOn(service, method, args));
        } catch (CheckedFailure e) {
            throw e.getCause();
        }
    }

    private static Object invokeOn(Object service, Method method, Object[] args) {
        try {
            return method.invoke(service, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new CheckedFailure(cause);
        } catch (IllegalAccessException e) {
            throw new UndeclaredThrowableException(e, "cannot call " + method + " on the service");
        }
    }

    /** Carries a checked exception of the service through {@code Function}. */
    static final class CheckedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CheckedFailure(Throwable cause) {
            super(cause);
        }
    }
}
