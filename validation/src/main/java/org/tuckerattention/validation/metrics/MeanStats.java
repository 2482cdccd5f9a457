package org.tuckerattention.validation.metrics;

import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/** A mean with its standard error ({@code s / sqrt(n)}, s the sample standard deviation). */
record MeanStats(long n, double mean, double standardError) {

    static MeanStats of(double[] values) {
        SummaryStatistics s = new SummaryStatistics();
        for (double v : values) {
            s.addValue(v);
        }
        double se = values.length > 1 ? s.getStandardDeviation() / Math.sqrt(values.length) : 0;
        return new MeanStats(values.length, s.getMean(), se);
    }
}
