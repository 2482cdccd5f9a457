package org.tuckerattention.formats.tensor;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Element types of stored tensors, with the names safetensors uses. Every type converts to float and
 * double; the integer types exist for non-weight tensors (position ids, masks). Data is little-endian.
 */
public enum DType {
    F64(8),
    F32(4),
    F16(2),
    BF16(2),
    I64(8),
    I32(4),
    I16(2),
    I8(1),
    U8(1),
    BOOL(1);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int byteSize() {
        return bytes;
    }

    /** True for the floating-point types a weight may be stored in. */
    public boolean isFloatingPoint() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }

    /** The type named {@code name} in a safetensors header, or empty if there is none. */
    public static Optional<DType> forName(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * Reads {@code count} elements from {@code src} (little-endian, at its position, which advances)
     * into {@code dst[offset..]} as floats.
     */
    public void readFloats(ByteBuffer src, float[] dst, int offset, int count) {
        for (int i = 0; i < count; i++) {
            dst[offset + i] = (float) readOne(src);
        }
    }

    /** As {@link #readFloats} but into doubles, without rounding F64 through float. */
    public void readDoubles(ByteBuffer src, double[] dst, int offset, int count) {
        for (int i = 0; i < count; i++) {
            dst[offset + i] = readOne(src);
        }
    }

    /** Writes {@code value} as one element of this type (round to nearest even for F16/BF16). */
    public void write(ByteBuffer dst, double value) {
        switch (this) {
            case F64 -> dst.putDouble(value);
            case F32 -> dst.putFloat((float) value);
            case F16 -> dst.putShort(HalfPrecision.toF16((float) value));
            case BF16 -> dst.putShort(HalfPrecision.toBf16((float) value));
            case I64 -> dst.putLong((long) value);
            case I32 -> dst.putInt((int) value);
            case I16 -> dst.putShort((short) value);
            case I8, U8 -> dst.put((byte) value);
            case BOOL -> dst.put((byte) (value != 0 ? 1 : 0));
        }
    }

    private double readOne(ByteBuffer src) {
        return switch (this) {
            case F64 -> src.getDouble();
            case F32 -> src.getFloat();
            case F16 -> HalfPrecision.fromF16(src.getShort());
            case BF16 -> HalfPrecision.fromBf16(src.getShort());
            case I64 -> src.getLong();
            case I32 -> src.getInt();
            case I16 -> src.getShort();
            case I8 -> src.get();
            case U8, BOOL -> Byte.toUnsignedInt(src.get());
        };
    }
}
