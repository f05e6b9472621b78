package io.patchbay.tuf.impl.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * The points of the Ed25519 curve -x^2 + y^2 = 1 + d x^2 y^2 over Bouncy Castle's field arithmetic
 * ({@link X25519Field}), as {@link Ed25519Check} needs them: decoding and encoding as Bouncy Castle does,
 * extended coordinates with addition and doubling (RFC 8032, 5.1.4), and tables of odd multiples.
 * Everything here is public data, so the arithmetic runs in variable time; the scratch field elements
 * live in the points so that a verify allocates nothing per step.
 */
final class EdwardsPoints {

    /** d = -121665/121666 and 2d, as field elements. */
    private static final int[] D = new int[X25519Field.SIZE];
    private static final int[] D2 = new int[X25519Field.SIZE];

    static {
        int[] t = X25519Field.create();
        t[0] = 121666;
        X25519Field.inv(t, D);
        X25519Field.mul(D, 121665, D);
        X25519Field.negate(D, D);
        X25519Field.normalize(D);
        X25519Field.add(D, D, D2);
        X25519Field.normalize(D2);
    }

    private EdwardsPoints() {
    }

    /** An affine point with normalized coordinates. */
    static final class Affine {
        final int[] x = X25519Field.create();
        final int[] y = X25519Field.create();
    }

    /**
     * Decodes as Bouncy Castle's decodePointVar does: y from the low 255 bits, x = sqrt((y^2 - 1) / (d y^2 + 1))
     * with the parity of the sign bit; null if there is no square root, or x is 0 and the sign bit is set.
     * The caller checks that y is below p.
     */
    static Affine decode(byte[] encoded) {
        Affine p = new Affine();
        int sign = (encoded[31] & 0x80) >>> 7;
        X25519Field.decode(encoded, 0, p.y);
        int[] u = X25519Field.create();
        int[] v = X25519Field.create();
        X25519Field.sqr(p.y, u);
        X25519Field.mul(D, u, v);
        X25519Field.subOne(u);
        X25519Field.addOne(v);
        if (!X25519Field.sqrtRatioVar(u, v, p.x)) {
            return null;
        }
        X25519Field.normalize(p.x);
        if (sign == 1 && X25519Field.isZeroVar(p.x)) {
            return null;
        }
        if (sign != (p.x[0] & 1)) {
            X25519Field.negate(p.x, p.x);
            X25519Field.normalize(p.x);
        }
        X25519Field.normalize(p.y);
        return p;
    }

    static byte[] encode(Affine p) {
        byte[] out = new byte[32];
        X25519Field.encode(p.y, out, 0);
        out[31] |= (byte) ((p.x[0] & 1) << 7);
        return out;
    }

    /** A point ready to be added: (Y + X, Y - X, 2Z, 2dT). */
    static final class Cached {
        final int[] yPlusX = X25519Field.create();
        final int[] yMinusX = X25519Field.create();
        final int[] z2 = X25519Field.create();
        final int[] t2d = X25519Field.create();

        static Cached of(Affine p) {
            Cached c = new Cached();
            X25519Field.apm(p.y, p.x, c.yPlusX, c.yMinusX);
            c.z2[0] = 2;
            X25519Field.mul(p.x, p.y, c.t2d);
            X25519Field.mul(c.t2d, D2, c.t2d);
            return c;
        }

        static Cached of(Extended p) {
            Cached c = new Cached();
            X25519Field.apm(p.y, p.x, c.yPlusX, c.yMinusX);
            X25519Field.add(p.z, p.z, c.z2);
            X25519Field.mul(p.t, D2, c.t2d);
            return c;
        }
    }

    /** P, 3P, 5P, ... ({@code count} of them). */
    static Cached[] oddMultiples(Affine p, int count) {
        Extended point = Extended.of(p);
        Extended twice = Extended.of(p);
        twice.twice(true);
        Cached twiceCached = Cached.of(twice);
        Cached[] table = new Cached[count];
        table[0] = Cached.of(point);
        for (int i = 1; i < count; i++) {
            point.add(twiceCached, false, true);
            table[i] = Cached.of(point);
        }
        return table;
    }

    /** Extended twisted Edwards coordinates (X : Y : Z : T), x = X/Z, y = Y/Z, T = XY/Z (a = -1). */
    static final class Extended {
        final int[] x = X25519Field.create();
        final int[] y = X25519Field.create();
        final int[] z = X25519Field.create();
        final int[] t = X25519Field.create();
        private final int[] a = X25519Field.create();
        private final int[] b = X25519Field.create();
        private final int[] c = X25519Field.create();
        private final int[] d = X25519Field.create();
        private final int[] e = X25519Field.create();
        private final int[] f = X25519Field.create();
        private final int[] g = X25519Field.create();
        private final int[] h = X25519Field.create();

        static Extended neutral() {
            Extended p = new Extended();
            X25519Field.one(p.y);
            X25519Field.one(p.z);
            return p;
        }

        static Extended of(Affine q) {
            Extended p = new Extended();
            X25519Field.copy(q.x, 0, p.x, 0);
            X25519Field.copy(q.y, 0, p.y, 0);
            X25519Field.one(p.z);
            X25519Field.mul(q.x, q.y, p.t);
            return p;
        }

        /**
         * This += q (or -= q). RFC 8032, 5.1.4: A = (Y1-X1)(Y2-X2), B = (Y1+X1)(Y2+X2), C = T1 2d T2,
         * D = Z1 2 Z2, E = B-A, F = D-C, G = D+C, H = B+A, X3 = EF, Y3 = GH, T3 = EH, Z3 = FG. Subtracting
         * swaps Y2+X2 with Y2-X2 and negates T2 (-(x, y) = (-x, y)).
         *
         * @param withT whether T3 is needed (only by a following addition)
         */
        void add(Cached q, boolean subtract, boolean withT) {
            X25519Field.apm(y, x, b, a);
            X25519Field.mul(a, subtract ? q.yPlusX : q.yMinusX, a);
            X25519Field.mul(b, subtract ? q.yMinusX : q.yPlusX, b);
            X25519Field.mul(t, q.t2d, c);
            X25519Field.mul(z, q.z2, d);
            X25519Field.apm(b, a, h, e);
            if (subtract) {
                X25519Field.apm(d, c, f, g);
            } else {
                X25519Field.apm(d, c, g, f);
            }
            X25519Field.mul(e, f, x);
            X25519Field.mul(g, h, y);
            X25519Field.mul(f, g, z);
            if (withT) {
                X25519Field.mul(e, h, t);
            }
        }

        /**
         * This = 2 this. RFC 8032, 5.1.4: A = X1^2, B = Y1^2, C = 2 Z1^2, H = A+B, E = H-(X1+Y1)^2, G = A-B,
         * F = C+G, X3 = EF, Y3 = GH, T3 = EH, Z3 = FG.
         *
         * @param withT whether T3 is needed (only by a following addition)
         */
        void twice(boolean withT) {
            X25519Field.add(x, y, e);
            X25519Field.sqr(x, a);
            X25519Field.sqr(y, b);
            X25519Field.sqr(z, c);
            X25519Field.add(c, c, c);
            X25519Field.apm(a, b, h, g);
            X25519Field.sqr(e, e);
            X25519Field.sub(h, e, e);
            X25519Field.add(c, g, f);
            X25519Field.carry(f);
            X25519Field.mul(e, f, x);
            X25519Field.mul(g, h, y);
            X25519Field.mul(f, g, z);
            if (withT) {
                X25519Field.mul(e, h, t);
            }
        }

        /** (0 : Z : Z): x = 0 and y = 1. */
        boolean isNeutral() {
            X25519Field.normalize(x);
            X25519Field.normalize(y);
            X25519Field.normalize(z);
            return X25519Field.isZeroVar(x) && X25519Field.areEqualVar(y, z);
        }
    }
}
