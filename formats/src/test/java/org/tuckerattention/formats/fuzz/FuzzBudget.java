package org.tuckerattention.formats.fuzz;

/**
 * How long each target fuzzes when {@code JAZZER_FUZZ} is set (the build's fuzz executions set it;
 * plain test runs replay the seeds and the kept crash inputs only). An annotation needs a constant, so
 * a longer run is done by repeating the execution: the corpus in {@code .cifuzz-corpus} grows across runs.
 */
final class FuzzBudget {

    /** Per target and run; seven targets keep the build's fuzzing near two minutes on two cores. */
    static final String CI = "15s";

    private FuzzBudget() {
    }
}
