package org.tuckerattention.converter.ranks;

import java.awt.Color;
import java.util.List;

/**
 * The colour of each layer in the rank plots: a ramp from the first layer to the last (dark blue,
 * purple, red, orange), readable on white and in print, so depth reads as hue in every plot and in the
 * page's colour key alike.
 */
final class LayerColours {

    /** The ramp's stops; colours between them are interpolated linearly. */
    static final List<Color> RAMP = List.of(
            new Color(0x1f, 0x2a, 0x6e), new Color(0x6a, 0x2c, 0x91), new Color(0xb8, 0x32, 0x6c),
            new Color(0xe3, 0x6b, 0x2c), new Color(0xe8, 0xa3, 0x1a));

    private LayerColours() {}

    /** The colour of the {@code index}-th of {@code count} layers. */
    static Color of(int index, int count) {
        double t = count <= 1 ? 0 : (double) index / (count - 1) * (RAMP.size() - 1);
        int i = Math.min(RAMP.size() - 2, (int) Math.floor(t));
        double f = t - i;
        Color a = RAMP.get(i);
        Color b = RAMP.get(i + 1);
        return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f),
                mix(a.getBlue(), b.getBlue(), f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
