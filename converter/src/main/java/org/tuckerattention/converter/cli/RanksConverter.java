package org.tuckerattention.converter.cli;

import java.util.Arrays;
import org.tuckerattention.converter.ranks.RankSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses a rank triple written {@code r1,r2,r3}, e.g. {@code 8,256,128}; range checks come later. */
final class RanksConverter implements ITypeConverter<RankSpec.Fixed> {

    @Override
    public RankSpec.Fixed convert(String value) {
        String[] parts = value.split(",", -1);
        if (parts.length != 3) {
            throw new TypeConversionException("expected three ranks r1,r2,r3 but got '" + value + "'");
        }
        try {
            int[] r = Arrays.stream(parts).mapToInt(p -> Integer.parseInt(p.strip())).toArray();
            return new RankSpec.Fixed(r[0], r[1], r[2]);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("ranks must be integers, got '" + value + "'");
        }
    }
}
