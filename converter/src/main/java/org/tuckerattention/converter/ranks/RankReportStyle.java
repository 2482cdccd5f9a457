package org.tuckerattention.converter.ranks;

/** The style sheet of {@code ranks.html}, inlined so the page needs nothing beside it. */
final class RankReportStyle {

    private RankReportStyle() {}

    static final String CSS = """
            body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
                   color: #1d1d1f; background: #fafafa; margin: 0 auto; padding: 24px 32px; max-width: 1680px; }
            h1 { font-size: 1.6em; margin: 0 0 4px; }
            h2 { font-size: 1.25em; margin: 36px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
            code { font: 0.92em/1.3 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
            .source { margin: 0 0 12px; color: #555; word-break: break-all; }
            dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
            dt { color: #666; }
            dd { margin: 0; }
            table { border-collapse: collapse; background: #fff; font-variant-numeric: tabular-nums; }
            th, td { padding: 3px 10px; border-bottom: 1px solid #e6e6e6; text-align: right; white-space: nowrap; }
            th { background: #f0f0f2; font-weight: 600; position: sticky; top: 0; }
            td.name, th.name { text-align: left; }
            tr.layer-start td { border-top: 2px solid #c8c8cc; }
            .capped { color: #b8326c; font-weight: 700; }
            .muted { color: #888; }
            .table-wrap { overflow-x: auto; }
            .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 16px;
                    margin: 12px 0 20px; }
            figure { margin: 0; background: #fff; border: 1px solid #e2e2e2; border-radius: 6px; padding: 8px; }
            figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
            figcaption { font-size: 0.86em; color: #444; margin: 6px 4px 2px; }
            .ramp { display: inline-block; width: 160px; height: 10px; border-radius: 5px;
                    vertical-align: middle; margin: 0 6px; }
            footer { margin-top: 40px; color: #777; font-size: 0.9em; }
            """;
}
