package io.patchbay.operator.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * What the admin commands need to reach a server: its URL, the pin of its TLS key (the only key trusted) and an
 * admin token. {@code server init} writes it to {@code DATA/operator.json}, owner-only ({@code rw-------}),
 * created new (never overwritten). The admin commands read {@code --config FILE}, else {@code $PATCHBAY_CONFIG},
 * else {@code ~/.patchbay/operator.json}.
 *
 * @param serverUrl the https URL of the server (its public URL, or {@code https://127.0.0.1:PORT})
 * @param pinSha256 RFC 7469 pin-sha256 of the server's TLS key (base64; a leading {@code sha256/} is accepted)
 * @param token     an admin bearer token (the OPERATOR token init issued)
 * @param port      the port {@code server start} listens on by default
 * @param publicUrl the public URL given at init, or null
 * @param nextPinSha256 while a certificate renewal is staged: the pin of the server's next key, also trusted (it
 *                      came from the server over a connection pinned to {@code pinSha256}); else null
 * @param dbUrl     the JDBC URL given at init ({@code --db-url}), or null for the embedded H2 file
 * @param dbUser    its user, or null; the password is never written here
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OperatorConfig(String serverUrl, String pinSha256, String token, Integer port, String publicUrl,
                      String nextPinSha256, String dbUrl, String dbUser) {
    static final String FILE_NAME = "operator.json";
    static final String ENV = "PATCHBAY_CONFIG";
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    OperatorConfig(String serverUrl, String pinSha256, String token, Integer port, String publicUrl) {
        this(serverUrl, pinSha256, token, port, publicUrl, null, null, null);
    }

    /** The pins the admin client trusts: the server's key, and its staged next key if any. */
    List<String> pins() {
        return nextPinSha256 == null || nextPinSha256.equals(pinSha256) ? List.of(pinSha256)
                : List.of(pinSha256, nextPinSha256);
    }

    OperatorConfig withPins(String pin, String nextPin) {
        return new OperatorConfig(serverUrl, pin, token, port, publicUrl, nextPin, dbUrl, dbUser);
    }

    OperatorConfig withUrls(String newServerUrl, String newPublicUrl) {
        return new OperatorConfig(newServerUrl, pinSha256, token, port, newPublicUrl, nextPinSha256, dbUrl, dbUser);
    }

    /** Replaces {@code file} in one rename with an owner-only file of this content. */
    void replace(Path file) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        writeNew(temporary);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The config file the admin commands read when no {@code --config} is given. */
    static Path defaultLocation() {
        String fromEnv = System.getenv(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return Path.of(System.getProperty("user.home"), ".patchbay", FILE_NAME);
    }

    /** Creates {@code file} owner-only with this content; refuses to replace an existing file. */
    void writeNew(Path file) throws IOException {
        byte[] json = MAPPER.writeValueAsBytes(this);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system: the directory's own protection applies
        } catch (FileAlreadyExistsException e) {
            throw new CliException(CliException.FAILED, file + " already exists; not replacing it");
        }
        Files.write(file, json);
    }

    static OperatorConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliException(CliException.FAILED, "no operator config at " + file
                    + " (written by 'patchbay server init' as DATA/operator.json; pass --config FILE or set "
                    + ENV + ")");
        }
        try {
            OperatorConfig config = MAPPER.readValue(Files.readString(file, StandardCharsets.UTF_8), OperatorConfig.class);
            if (config.serverUrl() == null || config.pinSha256() == null) {
                throw new CliException(CliException.FAILED, file + ": needs serverUrl and pinSha256");
            }
            URI url = URI.create(config.serverUrl());
            if (!"https".equals(url.getScheme()) || url.getHost() == null) {
                throw new CliException(CliException.FAILED, file + ": serverUrl must be an absolute https URL");
            }
            return config;
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(CliException.FAILED, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The bearer token: from {@code tokenFile} when given (trimmed), else from the config. */
    String tokenOr(Path tokenFile) {
        if (tokenFile != null) {
            try {
                String fromFile = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
                if (fromFile.isEmpty()) {
                    throw new CliException(CliException.FAILED, tokenFile + " is empty");
                }
                return fromFile;
            } catch (IOException e) {
                throw new CliException(CliException.FAILED, "cannot read the token file " + tokenFile + ": " + e, e);
            }
        }
        if (token == null || token.isBlank()) {
            throw new CliException(CliException.FAILED, "no admin token: the config has none; pass --token-file FILE");
        }
        return token;
    }
}
