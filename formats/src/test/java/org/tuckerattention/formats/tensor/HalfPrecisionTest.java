package org.tuckerattention.formats.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HalfPrecisionTest {

    @Test
    void decodesF16SubnormalsExactly() {
        assertEquals(0x1p-24f, HalfPrecision.fromF16((short) 0x0001));
        assertEquals(1023 * 0x1p-24f, HalfPrecision.fromF16((short) 0x03ff));
        assertEquals(-0x1p-24f, HalfPrecision.fromF16((short) 0x8001));
        assertEquals(0x1p-14f, HalfPrecision.fromF16((short) 0x0400));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(HalfPrecision.fromF16((short) 0x8000)));
    }

    @Test
    void encodesF16SubnormalsRoundingTiesToEven() {
        assertEquals((short) 0x0001, HalfPrecision.toF16(0x1p-24f));
        assertEquals((short) 0x03ff, HalfPrecision.toF16(1023 * 0x1p-24f));
        assertEquals((short) 0x0400, HalfPrecision.toF16(1023.5f * 0x1p-24f)); // tie, rounds up into the normals
        assertEquals((short) 0x0000, HalfPrecision.toF16(0x1p-25f)); // tie between 0 and 1: even is 0
        assertEquals((short) 0x0001, HalfPrecision.toF16(0x1p-25f + 0x1p-40f)); // just above the tie
        assertEquals((short) 0x0002, HalfPrecision.toF16(0x3p-25f)); // tie between 1 and 2: even is 2
        assertEquals((short) 0x0000, HalfPrecision.toF16(0x1p-26f));
        assertEquals((short) 0x8000, HalfPrecision.toF16(-0x1p-30f)); // underflow keeps the sign
        assertEquals((short) 0x8000, HalfPrecision.toF16(-0f));
    }

    @Test
    void encodesF16NormalsRoundingTiesToEven() {
        assertEquals((short) 0x3c00, HalfPrecision.toF16(1f));
        assertEquals((short) 0x3c00, HalfPrecision.toF16(1f + 0x1p-11f)); // tie: even is 0x3c00
        assertEquals((short) 0x3c02, HalfPrecision.toF16(1f + 0x3p-11f)); // tie: even is 0x3c02
        assertEquals((short) 0x3c01, HalfPrecision.toF16(1f + 0x1p-11f + 0x1p-20f));
        assertEquals((short) 0x4000, HalfPrecision.toF16(2f - 0x1p-12f)); // carries into the next binade
        assertEquals((short) 0xc248, HalfPrecision.toF16(-3.140625f));
    }

    @Test
    void overflowsF16ToInfinity() {
        assertEquals((short) 0x7bff, HalfPrecision.toF16(65504f));
        assertEquals((short) 0x7bff, HalfPrecision.toF16(65519.996f)); // below the midpoint to 2^16
        assertEquals((short) 0x7c00, HalfPrecision.toF16(65520f)); // the tie rounds to even: infinity
        assertEquals((short) 0x7c00, HalfPrecision.toF16(1e6f));
        assertEquals((short) 0xfc00, HalfPrecision.toF16(-Float.MAX_VALUE));
        assertEquals((short) 0x7c00, HalfPrecision.toF16(Float.POSITIVE_INFINITY));
        assertEquals(Float.NEGATIVE_INFINITY, HalfPrecision.fromF16((short) 0xfc00));
    }

    @Test
    void keepsNanAsNanInF16() {
        short nan = HalfPrecision.toF16(Float.NaN);
        assertEquals(0x7c00, nan & 0x7c00);
        assertTrue((nan & 0x03ff) != 0);
        assertTrue(Float.isNaN(HalfPrecision.fromF16(nan)));
        // A NaN whose payload lies only in bits F16 drops must not become infinity.
        assertTrue(Float.isNaN(HalfPrecision.fromF16(HalfPrecision.toF16(Float.intBitsToFloat(0x7f800001)))));
    }

    @Test
    void everyF16ValueRoundTripsThroughFloat() {
        for (int bits = 0; bits <= 0xffff; bits++) {
            float value = HalfPrecision.fromF16((short) bits);
            if (!Float.isNaN(value)) {
                assertEquals((short) bits, HalfPrecision.toF16(value), Integer.toHexString(bits));
            }
        }
    }

    @Test
    void encodesBf16RoundingTiesToEven() {
        assertEquals((short) 0x3f80, HalfPrecision.toBf16(1f));
        assertEquals((short) 0x3f80, HalfPrecision.toBf16(1f + 0x1p-8f)); // tie: even is 0x3f80
        assertEquals((short) 0x3f82, HalfPrecision.toBf16(1f + 0x3p-8f)); // tie: even is 0x3f82
        assertEquals((short) 0x3f81, HalfPrecision.toBf16(1f + 0x1p-8f + 0x1p-23f)); // just above the tie
        assertEquals((short) 0xc049, HalfPrecision.toBf16(-3.14159265f));
        assertEquals((short) 0x7f80, HalfPrecision.toBf16(Float.MAX_VALUE)); // rounds past the largest BF16
        assertEquals((short) 0x0002, HalfPrecision.toBf16(Float.intBitsToFloat(0x00018000))); // subnormal tie: up
        assertEquals((short) 0x0000, HalfPrecision.toBf16(Float.intBitsToFloat(0x00008000))); // subnormal tie: down
    }

    @Test
    void keepsNanAsQuietNanInBf16() {
        assertEquals((short) 0x7fc0, HalfPrecision.toBf16(Float.NaN));
        // Payload only in the low half: truncation alone would give infinity.
        short signaling = HalfPrecision.toBf16(Float.intBitsToFloat(0x7f800001));
        assertTrue(Float.isNaN(HalfPrecision.fromBf16(signaling)));
        assertEquals((short) 0xffc0, HalfPrecision.toBf16(Float.intBitsToFloat(0xffc00000)));
    }

    @Test
    void everyBf16ValueRoundTripsThroughFloat() {
        for (int bits = 0; bits <= 0xffff; bits++) {
            float value = HalfPrecision.fromBf16((short) bits);
            if (!Float.isNaN(value)) {
                assertEquals((short) bits, HalfPrecision.toBf16(value), Integer.toHexString(bits));
            }
        }
    }
}
