/**
 * The quality metrics of DESIGN §8, one class per quantity, static and stateless. Direction: P is the
 * original model (the reference), Q the candidate. Statistics through Apache Commons Math; percentiles
 * are R-7 (linear interpolation, numpy's default); uncertainties are standard errors of the mean.
 */
package org.tuckerattention.validation.metrics;
