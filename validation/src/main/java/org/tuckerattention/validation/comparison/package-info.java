/**
 * Runs an original and a candidate model on the same tokens and gathers the metrics of DESIGN §8 into
 * one report (text table and JSON), with the verdict in the quality tiers of §8.
 */
package org.tuckerattention.validation.comparison;
