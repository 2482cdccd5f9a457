package org.tuckerattention.formats.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.tensor.DType;

/**
 * Validates one tensor entry of a safetensors header: its keys and their types, the dtype, the shape
 * (no negative or overflowing dimension) and that its byte range lies in the data and matches
 * shape × dtype size. How entries fit together is {@link SafetensorsHeader}'s concern.
 */
final class EntryParser {

    private static final String SUPPORTED =
            Arrays.stream(DType.values()).map(Enum::name).collect(Collectors.joining(", "));

    /** Longest tensor name or JSON value quoted in a message; hostile headers can hold megabytes. */
    private static final int QUOTE_LIMIT = 120;

    static SafetensorsHeader.Entry entry(Path file, String name, JsonNode node, long dataSize) {
        String tensor = "tensor " + quote(name);
        if (!node.isObject()) {
            throw new CheckpointException(
                    file, tensor + " must be an object with dtype, shape and data_offsets, got " + describe(node));
        }
        JsonNode dtypeNode = require(file, tensor, node, "dtype");
        if (!dtypeNode.isTextual()) {
            throw new CheckpointException(file, tensor + ": 'dtype' must be a string, got " + describe(dtypeNode));
        }
        DType dtype = DType.forName(dtypeNode.textValue()).orElseThrow(() -> new CheckpointException(file,
                tensor + " has unknown dtype " + quote(dtypeNode.textValue()) + " (supported: " + SUPPORTED + ")"));
        long[] shape = shape(file, tensor, require(file, tensor, node, "shape"));
        long[] offsets = offsets(file, tensor, require(file, tensor, node, "data_offsets"));
        long begin = offsets[0];
        long end = offsets[1];
        String range = "data_offsets [" + begin + ", " + end + "]";
        if (begin > end) {
            throw new CheckpointException(file, tensor + ": " + range + " end before they begin");
        }
        if (end > dataSize) {
            throw new CheckpointException(
                    file, tensor + ": " + range + " run past the end of the data (" + dataSize + " bytes)");
        }
        long needed = byteSize(file, tensor, dtype, shape);
        if (needed != end - begin) {
            throw new CheckpointException(file, tensor + ": shape " + Arrays.toString(shape) + " of " + dtype
                    + " needs " + needed + " bytes but " + range + " hold " + (end - begin));
        }
        return new SafetensorsHeader.Entry(name, dtype, shape, begin, end);
    }

    /** {@code text} in single quotes, control characters escaped and long text cut, for one-line messages. */
    static String quote(String text) {
        String cut = text.length() > QUOTE_LIMIT ? text.substring(0, QUOTE_LIMIT) + "..." : text;
        StringBuilder out = new StringBuilder("'");
        cut.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('\'').toString();
    }

    private static JsonNode require(Path file, String tensor, JsonNode entry, String key) {
        JsonNode value = entry.get(key);
        if (value == null) {
            throw new CheckpointException(file, tensor + " has no '" + key + "'");
        }
        return value;
    }

    private static long[] shape(Path file, String tensor, JsonNode node) {
        if (!node.isArray()) {
            throw new CheckpointException(
                    file, tensor + ": 'shape' must be an array of integers, got " + describe(node));
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode dim = node.get(i);
            if (!dim.isIntegralNumber()) {
                throw new CheckpointException(
                        file, tensor + ": 'shape' must be an array of integers, got element " + describe(dim));
            }
            if (!dim.canConvertToLong()) {
                throw new CheckpointException(
                        file, tensor + ": dimension " + describe(dim) + " does not fit in 64 bits");
            }
            shape[i] = dim.longValue();
            if (shape[i] < 0) {
                throw new CheckpointException(
                        file, tensor + " has negative dimension " + shape[i] + " in shape " + describe(node));
            }
        }
        return shape;
    }

    private static long[] offsets(Path file, String tensor, JsonNode node) {
        boolean valid = node.isArray() && node.size() == 2;
        for (int i = 0; valid && i < 2; i++) {
            valid = node.get(i).isIntegralNumber() && node.get(i).canConvertToLong() && node.get(i).longValue() >= 0;
        }
        if (!valid) {
            throw new CheckpointException(
                    file, tensor + ": 'data_offsets' must be two non-negative integers, got " + describe(node));
        }
        return new long[] {node.get(0).longValue(), node.get(1).longValue()};
    }

    private static long byteSize(Path file, String tensor, DType dtype, long[] shape) {
        try {
            long bytes = dtype.byteSize();
            for (long dim : shape) {
                bytes = Math.multiplyExact(bytes, dim);
            }
            return bytes;
        } catch (ArithmeticException e) {
            throw new CheckpointException(
                    file, tensor + ": shape " + Arrays.toString(shape) + " of " + dtype + " is larger than 2^63 bytes");
        }
    }

    /** {@code node} as JSON text, cut when long. */
    static String describe(JsonNode node) {
        String text = node.toString();
        return text.length() > QUOTE_LIMIT ? text.substring(0, QUOTE_LIMIT) + "..." : text;
    }

    private EntryParser() {}
}
