package io.patchbay.server.impl.ext;

import io.patchbay.server.impl.admin.AdminAuth;
import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.http.Route;
import io.patchbay.server.spi.ClientNotifier;
import io.patchbay.server.spi.ExtensionHandler;
import io.patchbay.server.spi.ExtensionRoutes;
import io.patchbay.server.spi.ServerExtension;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the server's extensions (see {@code io.patchbay.server.spi}): per extension, its migrations, its
 * private directory and its routes, checked against every path already taken. All or nothing: when one
 * extension fails, those already started are closed again and the server does not start.
 */
public final class Extensions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Extensions.class);
    static final Pattern ID = Pattern.compile("[a-z][a-z0-9]{1,15}");
    static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._-]+)+");
    static final String ADMIN_PREFIX = "/admin/v1/";

    /** What the server lends every extension. */
    public record Host(Database database, AdminAuth adminAuth, Clock clock, Path dataDirectory, ClientNotifier push) {
        public Host {
            Objects.requireNonNull(database);
            Objects.requireNonNull(adminAuth);
            Objects.requireNonNull(clock);
            Objects.requireNonNull(dataDirectory);
            Objects.requireNonNull(push);
        }
    }

    private final List<ServerExtension> started;
    private final Map<String, Route> routes;

    private Extensions(List<ServerExtension> started, Map<String, Route> routes) {
        this.started = started;
        this.routes = routes;
    }

    /** The extensions on the server's class path. */
    public static List<ServerExtension> discover(ClassLoader loader) {
        List<ServerExtension> found = new ArrayList<>();
        ServiceLoader.load(ServerExtension.class, loader).forEach(found::add);
        return found;
    }

    /**
     * @param taken the server's own paths; no extension may register one of them
     * @throws StoreException a migration failed
     * @throws IllegalStateException an extension is misnamed, collides, or failed to start
     */
    public static Extensions start(List<ServerExtension> extensions, Host host, Set<String> taken)
            throws StoreException, IOException {
        Set<String> ids = new HashSet<>();
        Set<String> paths = new HashSet<>(taken);
        Map<String, Route> routes = new LinkedHashMap<>();
        List<ServerExtension> started = new ArrayList<>();
        try {
            for (ServerExtension extension : extensions) {
                String id = extension.id();
                if (id == null || !ID.matcher(id).matches()) {
                    throw new IllegalStateException("extension " + extension.getClass().getName() + " has an invalid id '"
                            + id + "' (" + ID.pattern() + ")");
                }
                if (!ids.add(id)) {
                    throw new IllegalStateException("two extensions have the id '" + id + "'");
                }
                host.database().migrateExtension(id + "_schema_history", extension.migrationLocation(),
                        extension.getClass().getClassLoader());
                Registrar registrar = new Registrar(id, host, paths);
                started.add(extension);
                extension.start(new Context(host, privateDirectory(host.dataDirectory(), id), new SecureRandom()),
                        registrar);
                routes.putAll(registrar.routes);
                LOG.info("extension '{}' started: {} route(s)", id, registrar.routes.size());
            }
        } catch (StoreException | IOException | RuntimeException e) {
            closeAll(started, e);
            throw e;
        } catch (Exception e) {
            IllegalStateException failure = new IllegalStateException("an extension failed to start: " + e.getMessage(), e);
            closeAll(started, failure);
            throw failure;
        }
        return new Extensions(started, Collections.unmodifiableMap(routes));
    }

    public Map<String, Route> routes() {
        return routes;
    }

    @Override
    public void close() {
        closeAll(started, null);
    }

    private static void closeAll(List<ServerExtension> extensions, Throwable failure) {
        for (int i = extensions.size() - 1; i >= 0; i--) {
            try {
                extensions.get(i).close();
            } catch (RuntimeException e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else {
                    LOG.warn("closing extension '{}' failed: {}", extensions.get(i).id(), e.getMessage());
                }
            }
        }
    }

    static Path privateDirectory(Path dataDirectory, String id) throws IOException {
        Path dir = dataDirectory.resolve("extensions").resolve(id);
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    /** Checks and records one extension's routes; a bad or taken path fails the start. */
    private static final class Registrar implements ExtensionRoutes {
        private final String id;
        private final Host host;
        private final Set<String> paths;
        final Map<String, Route> routes = new LinkedHashMap<>();

        Registrar(String id, Host host, Set<String> paths) {
            this.id = id;
            this.host = host;
            this.paths = paths;
        }

        @Override
        public void device(String method, String path, int maxBodyBytes, ExtensionHandler handler) {
            add(method, path, "/" + id + "/", maxBodyBytes, true,
                    new Adapter(Objects.requireNonNull(handler, "handler"), null, null));
        }

        @Override
        public void admin(String method, String path, int maxBodyBytes, AdminRole required, ExtensionHandler handler) {
            add(method, path, ADMIN_PREFIX, maxBodyBytes, false, new Adapter(Objects.requireNonNull(handler, "handler"),
                    host.adminAuth(), Objects.requireNonNull(required, "required")));
        }

        private void add(String method, String path, String prefix, int maxBodyBytes, boolean limited, Adapter adapter) {
            String verb = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
            if (path == null || !path.startsWith(prefix) || !PATH.matcher(path).matches()) {
                throw new IllegalStateException("extension '" + id + "': path '" + path + "' must be a plain path under "
                        + prefix);
            }
            if (!paths.add(path)) {
                throw new IllegalStateException("extension '" + id + "': path " + path + " is already served");
            }
            Route route = switch (verb) {
                case "GET" -> {
                    if (maxBodyBytes != 0) {
                        throw new IllegalStateException("extension '" + id + "': GET " + path + " takes no body");
                    }
                    yield new Route("GET", 0, limited, adapter, null);
                }
                case "POST" -> {
                    if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_BYTES) {
                        throw new IllegalStateException("extension '" + id + "': POST " + path + " body limit must be 1.."
                                + MAX_BODY_BYTES);
                    }
                    yield Route.post(maxBodyBytes, limited, adapter);
                }
                default -> throw new IllegalStateException("extension '" + id + "': method " + verb + " (GET or POST)");
            };
            routes.put(path, route);
        }
    }
}
