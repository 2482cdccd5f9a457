package org.tuckerattention.converter.ranks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ranks.html: one self-contained page whose embedded plots decode, at the stated size. */
class RankReportHtmlTest {

    private static final Pattern IMAGE = Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");

    private static String html;

    @BeforeAll
    static void render() {
        html = RankReportHtml.write(SyntheticRankReports.gqa(5));
    }

    @Test
    void embedsSixSpectraSixEnergyCurvesAndTwoCandidatePlotsThatDecode() throws Exception {
        List<String> images = new ArrayList<>();
        Matcher m = IMAGE.matcher(html);
        while (m.find()) {
            images.add(m.group(1));
        }
        assertEquals(2 * 3 + 2 * 3 + 2, images.size());
        assertEquals(images.size(), html.split("<img ", -1).length - 1);
        for (String png : images) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png)));
            assertNotNull(image);
            assertEquals(RankCharts.WIDTH, image.getWidth());
            assertEquals(RankCharts.HEIGHT, image.getHeight());
        }
        assertEquals(images.size(), html.split("<figcaption>", -1).length - 1);
    }

    @Test
    void needsNothingBesideItself() {
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("http://"));
        assertFalse(html.contains("https://"));
        assertFalse(html.contains("<link"));
        assertFalse(Pattern.compile("src=\"(?!data:)").matcher(html).find());
    }

    @Test
    void summaryHasTwoRowsPerLayerAndMarksTheCappedKeyMode() {
        assertEquals(5, html.split("<tr class=\"layer-start\">", -1).length - 1);
        assertEquals(10, html.split("<span class=\"capped\" title=\"capped below its dimension 64\">32</span>",
                -1).length - 1);
        assertTrue(html.contains("taken at RoPE offset 0"));
        assertTrue(html.contains("drawn at 1e-8"));
    }

    @Test
    void escapesTextFromTheCheckpoint() {
        RankReport r = SyntheticRankReports.report("<b>&\"x\"", "m<t>", "MHA (2 heads)", false, 1,
                new int[] {2, 8, 8}, new int[] {2, 8, 8});
        String page = RankReportHtml.write(r);
        assertTrue(page.contains("&lt;b&gt;&amp;&quot;x&quot;"));
        assertFalse(page.contains("<b>&\""));
        assertFalse(page.contains("RoPE"));
    }
}
