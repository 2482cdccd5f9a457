package org.tuckerattention.formats.fuzz;

/**
 * The longest each target fuzzes when {@code JAZZER_FUZZ} is set (the build's fuzz executions set it; plain
 * test runs replay the seeds and the kept crash inputs only). The build stops each target after a fixed
 * number of runs from a fixed seed first (formats/pom.xml), so its fuzzing is reproducible; this bound only
 * keeps a very slow machine from hanging. An annotation needs a constant, so a longer run repeats the
 * execution: the corpus in {@code .cifuzz-corpus} grows across runs.
 */
final class FuzzBudget {

    /** Per target and run. */
    static final String CI = "60s";

    private FuzzBudget() {
    }
}
