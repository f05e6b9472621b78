package io.patchbay.tuf.cli.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain forms of the conformance protocol's command line, read without picocli (see
 * {@link TufClientCommand#runPlain}). {@link #parse} returns null for anything outside them, and then
 * picocli reads the command line as before; so this reader only has to agree with picocli on what it
 * takes, never to reproduce picocli's errors.
 */
final class ProtocolArgs {

    private Path metadataDir;
    private URI metadataUrl;
    private final List<String> targetNames = new ArrayList<>();
    private URI targetBaseUrl;
    private Path targetDir;
    private int maxRootRotations = 32;
    private boolean maxRootRotationsSet;
    private String subcommand;
    private Path root;

    private ProtocolArgs() {
    }

    String subcommand() {
        return subcommand;
    }

    Path root() {
        return root;
    }

    /** @return the parsed plain form, or null if picocli must read these arguments */
    static ProtocolArgs parse(String[] args) {
        ProtocolArgs parsed = new ProtocolArgs();
        int i = 0;
        while (i < args.length && args[i].startsWith("--")) {
            String arg = args[i];
            String name;
            String value;
            int equals = arg.indexOf('=');
            if (equals >= 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
                i++;
            } else {
                if (i + 1 >= args.length) {
                    return null;
                }
                name = arg;
                value = args[i + 1];
                i += 2;
            }
            // Values picocli might read otherwise (an option's or a subcommand's name) are left to it.
            if (value.isEmpty() || value.startsWith("-") || isSubcommand(value) || !parsed.option(name, value)) {
                return null;
            }
        }
        if (i >= args.length || parsed.metadataDir == null) {
            return null;
        }
        String command = args[i++];
        switch (command) {
            case "init" -> {
                if (i + 1 != args.length || args[i].isEmpty() || args[i].startsWith("-") || isSubcommand(args[i])) {
                    return null;
                }
                parsed.root = path(args[i]);
                if (parsed.root == null) {
                    return null;
                }
            }
            case "refresh" -> {
                if (i != args.length) {
                    return null;
                }
            }
            case "download" -> {
                if (i != args.length || parsed.targetNames.isEmpty() || parsed.targetDir == null) {
                    return null;
                }
            }
            default -> {
                return null;
            }
        }
        parsed.subcommand = command;
        return parsed;
    }

    private static boolean isSubcommand(String value) {
        return value.equals("init") || value.equals("refresh") || value.equals("download");
    }

    /** One option; false if it is not one of ours, given twice, or its value is not plainly convertible. */
    private boolean option(String name, String value) {
        switch (name) {
            case "--metadata-dir":
                return metadataDir == null && (metadataDir = path(value)) != null;
            case "--metadata-url":
                return metadataUrl == null && (metadataUrl = uri(value)) != null;
            case "--target-name":
                targetNames.add(value);
                return true;
            case "--target-base-url":
                return targetBaseUrl == null && (targetBaseUrl = uri(value)) != null;
            case "--target-dir":
                return targetDir == null && (targetDir = path(value)) != null;
            case "--max-root-rotations":
                // Plain decimal only: picocli's reading of signs, leading zeros or overflow is left to it.
                if (maxRootRotationsSet || value.length() > 9 || (value.length() > 1 && value.charAt(0) == '0')) {
                    return false;
                }
                for (int k = 0; k < value.length(); k++) {
                    if (value.charAt(k) < '0' || value.charAt(k) > '9') {
                        return false;
                    }
                }
                maxRootRotations = Integer.parseInt(value);
                maxRootRotationsSet = true;
                return true;
            default:
                return false;
        }
    }

    /** Like picocli's converter, Paths.get; null where it would fail (picocli then reports it). */
    private static Path path(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static URI uri(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    void applyTo(TufClientCommand command) {
        command.metadataDir = metadataDir;
        command.metadataUrl = metadataUrl;
        command.targetNames = new ArrayList<>(targetNames);
        command.targetBaseUrl = targetBaseUrl;
        command.targetDir = targetDir;
        command.maxRootRotations = maxRootRotations;
    }

    /** "SignatureThresholdException: timestamp version 3: ..." (as the picocli path reports failures). */
    static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return e.getClass().getSimpleName() + message;
    }
}
