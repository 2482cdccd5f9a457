package org.tuckerattention.converter.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses a budget: a fraction of the original attention parameters, in (0, 1]. */
final class FractionConverter implements ITypeConverter<Double> {

    @Override
    public Double convert(String value) {
        double f;
        try {
            f = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("a budget is a number in (0, 1], got '" + value + "'");
        }
        if (!(f > 0 && f <= 1)) {
            throw new TypeConversionException("a budget must be in (0, 1], got " + value);
        }
        return f;
    }
}
