package io.patchbay.tuf.impl.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.util.Base64;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** PEM in the layout Python's cryptography writes: 64-character base64 lines, "\n" line ends. */
public final class Pem {

    public static final String PUBLIC_KEY = "PUBLIC KEY";
    public static final String PRIVATE_KEY = "PRIVATE KEY";

    private Pem() {
    }

    public static String encode(String type, byte[] der) {
        String base64 = Base64.getEncoder().encodeToString(der);
        StringBuilder pem = new StringBuilder("-----BEGIN ").append(type).append("-----\n");
        for (int i = 0; i < base64.length(); i += 64) {
            pem.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
        }
        return pem.append("-----END ").append(type).append("-----\n").toString();
    }

    /** @throws IllegalArgumentException if there is no PEM block of that type */
    public static byte[] decode(String type, String pem) {
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            PemObject object = reader.readPemObject();
            if (object == null || !type.equals(object.getType())) {
                throw new IllegalArgumentException("no PEM block of type '" + type + "'");
            }
            return object.getContent();
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed PEM: " + e.getMessage(), e);
        }
    }
}
