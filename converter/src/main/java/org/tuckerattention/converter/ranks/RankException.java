package org.tuckerattention.converter.ranks;

/**
 * Target ranks that cannot be used, with the mode and the bound in the message, e.g.
 * "rank 200 for mode 'query' exceeds its dimension 128". Bad input: the CLI maps it to exit code 2.
 */
public class RankException extends IllegalArgumentException {

    public RankException(String message) {
        super(message);
    }
}
