/**
 * Activation-aware (calibrated) Tucker: statistics of the original model on calibration text (the
 * second moment of each layer's attention input, the attention mass per head and distance) and the
 * whitening that weights the decomposition by them (issue 6; DESIGN §4, §5.1).
 */
package org.tuckerattention.converter.calibration;
