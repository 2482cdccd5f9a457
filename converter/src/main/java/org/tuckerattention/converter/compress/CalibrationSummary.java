package org.tuckerattention.converter.compress;

import java.util.List;
import org.tuckerattention.converter.calibration.TextIdentity;

/**
 * What the report says of a calibrated run: the text, and per compressed layer the eigenvalue floor of
 * its second moment Σ and how many eigenvalues were raised to it (calibration/Whitening).
 */
public record CalibrationSummary(TextIdentity text, double relativeFloor, List<Double> floors, List<Integer> raised) {

    public CalibrationSummary {
        floors = List.copyOf(floors);
        raised = List.copyOf(raised);
    }
}
