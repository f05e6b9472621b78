package io.patchbay.tuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.testing.TestSigner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client artifact is what the in-container agent embeds: it must carry no repository tooling and no
 * code that makes or handles private keys, and its exported api must not reach into its implementation.
 * Reads the compiled classes (target/classes, or the jar when run against it) and looks at the class
 * names each class file refers to (every referenced class appears by name in its constant pool).
 */
class ClientArtifactBoundaryTest {

    /** Types whose mere mention means signing or private-key handling. */
    private static final List<String> FORBIDDEN = List.of(
            "io/patchbay/tuf/repo/",
            "java/security/PrivateKey", "java/security/KeyPairGenerator", "java/security/KeyFactory",
            "java/security/interfaces/RSAPrivate", "java/security/interfaces/ECPrivate", "java/security/interfaces/EdECPrivate",
            "org/bouncycastle/crypto/params/Ed25519PrivateKeyParameters", "org/bouncycastle/crypto/params/ECPrivateKeyParameters",
            "org/bouncycastle/crypto/params/RSAPrivateCrtKeyParameters", "org/bouncycastle/asn1/pkcs/PrivateKeyInfo",
            "org/bouncycastle/crypto/util/PrivateKeyFactory", "org/bouncycastle/crypto/util/PrivateKeyInfoFactory",
            "KeyPairGenerator", "org/bouncycastle/crypto/signers/Ed25519Signer",
            "org/bouncycastle/crypto/signers/HMacDSAKCalculator", "org/bouncycastle/crypto/engines/RSABlindedEngine");

    private static Map<String, byte[]> classes;

    @BeforeAll
    static void readClientClasses() throws Exception {
        classes = classFilesOf(Path.of(TufUpdater.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        assertTrue(classes.size() > 50, "expected the client's classes, found " + classes.keySet());
        assertTrue(classes.containsKey("io/patchbay/tuf/impl/client/TrustedMetadataSet.class"), classes.keySet().toString());
    }

    @Test
    void noRepositoryToolingOrPrivateKeyCodeInTheClient() {
        List<String> violations = new ArrayList<>();
        classes.forEach((name, bytes) -> violations.addAll(forbiddenReferences(name, bytes)));
        assertEquals(List.of(), violations);
    }

    private static List<String> forbiddenReferences(String name, byte[] classFile) {
        String text = new String(classFile, StandardCharsets.ISO_8859_1);
        List<String> found = new ArrayList<>();
        for (String forbidden : FORBIDDEN) {
            if (name.startsWith(forbidden) || text.contains(forbidden)) {
                found.add(name + " -> " + forbidden);
            }
        }
        return found;
    }

    @Test
    void exportedApiPackagesDoNotReferToTheImplementation() {
        List<String> violations = new ArrayList<>();
        classes.forEach((name, bytes) -> {
            if (name.startsWith("io/patchbay/tuf/api/")
                    && new String(bytes, StandardCharsets.ISO_8859_1).contains("io/patchbay/tuf/impl/")) {
                violations.add(name);
            }
        });
        assertEquals(List.of(), violations);
    }

    /** The scan itself works: the test-only signer (JDK private keys), read the same way, is caught. */
    @Test
    void theScanCatchesASigner() throws IOException {
        try (InputStream in = TestSigner.class.getResourceAsStream("TestSigner.class")) {
            List<String> found = forbiddenReferences("io/patchbay/tuf/testing/TestSigner.class", in.readAllBytes());
            assertTrue(found.contains("io/patchbay/tuf/testing/TestSigner.class -> java/security/PrivateKey"), found.toString());
        }
    }

    private static Map<String, byte[]> classFilesOf(Path location) throws IOException, URISyntaxException {
        Map<String, byte[]> found = new TreeMap<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> walk = Files.walk(location)) {
                for (Path file : walk.filter(p -> p.toString().endsWith(".class")).toList()) {
                    found.put(location.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                }
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (var entry : java.util.Collections.list(jar.entries())) {
                    if (entry.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            found.put(entry.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        }
        return found;
    }
}
