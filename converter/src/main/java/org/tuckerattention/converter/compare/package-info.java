/** {@code tucker compare}: Tucker and the baselines converted at equal budgets and judged by the same runtime and metrics. */
package org.tuckerattention.converter.compare;
