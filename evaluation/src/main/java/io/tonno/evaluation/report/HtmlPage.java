package io.tonno.evaluation.report;

import io.tonno.evaluation.MethodResult;
import io.tonno.evaluation.calibration.CalibrationResult;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The report page: one HTML file with inline CSS, no scripts and no network resources; figures are
 * referenced by relative paths, so the directory can be zipped, copied or opened offline.
 */
final class HtmlPage {
    /** A figure, with an optional note shown above it ({@code kind}: good, bad or neutral). */
    record Figure(String src, String title, String caption, Note note) {
        Figure(String src, String title, String caption) {
            this(src, title, caption, null);
        }
    }

    /** A one-line statement about a figure, e.g. the learning verdict. */
    record Note(String text, String kind) {}

    private HtmlPage() {}

    static String render(
            String title,
            ResultsTable table,
            List<MethodResult> results,
            List<Figure> figures,
            Map<String, String> experimentSettings) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>")
                .append(esc(title))
                .append("</title>\n<style>\n")
                .append(CSS)
                .append("</style>\n")
                .append("</head>\n<body>\n<main>\n<h1>")
                .append(esc(title))
                .append("</h1>\n");
        h.append(
                "<p class=\"lead\">Weakly supervised 3D segmentation: heatmaps binarized with per-method thresholds "
                        + "calibrated to maximise mean Dice, scored lesion-wise (precision, recall, F1 pooled over the dataset), "
                        + "by overlap (Dice or MaxIoU per volume, averaged), by volume-level balanced accuracy and the volume AUC of each heatmap's peak, and by HD95.</p>\n");

        h.append("<section>\n<h2>Results</h2>\n");
        appendResultsTable(h, table);
        for (String w : table.warnings()) {
            h.append("<p class=\"warning\">Warning: ").append(esc(w)).append("</p>\n");
        }
        h.append("<p class=\"note\">Best value per column in bold. Δ columns: difference to the LayerCAM row with the "
                + "highest F1 (marked <em>ref</em>). “—”: not defined for this dataset or method. Also available as "
                + "<a href=\"results.csv\">CSV</a>, <a href=\"results.md\">Markdown</a> and "
                + "<a href=\"results.json\">JSON</a> (with every per-case score).</p>\n</section>\n");

        for (Figure f : figures) {
            h.append("<section>\n<h2>").append(esc(f.title())).append("</h2>\n");
            if (f.note() != null) {
                h.append("<p class=\"verdict ")
                        .append(esc(f.note().kind()))
                        .append("\">")
                        .append(esc(f.note().text()))
                        .append("</p>\n");
            }
            h.append("<figure><img src=\"")
                    .append(esc(f.src()))
                    .append("\" alt=\"")
                    .append(esc(f.title()))
                    .append("\"><figcaption>")
                    .append(esc(f.caption()))
                    .append("</figcaption></figure>\n</section>\n");
        }

        h.append("<section>\n<h2>Settings</h2>\n<table class=\"kv\">\n");
        for (Map.Entry<String, String> e : experimentSettings.entrySet()) {
            kv(h, e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(ReportWriter.commonSettings(results)).entrySet()) {
            kv(h, e.getKey(), e.getValue());
        }
        h.append(
                "</table>\n<h3>Binarization per method</h3>\n<table>\n<thead><tr><th>Method</th><th>Layer</th>"
                        + "<th>Normalization</th><th class=\"num\">Threshold</th><th>Foreground restriction</th>"
                        + "<th class=\"num\">Calibration mean Dice</th><th class=\"num\">Calibration cases</th></tr></thead>\n<tbody>\n");
        for (MethodResult r : results) {
            var b = r.settings().binarization();
            CalibrationResult c = r.calibration();
            h.append("<tr><td>")
                    .append(esc(r.method()))
                    .append("</td><td>")
                    .append(esc(r.layer() == null ? "" : r.layer()))
                    .append("</td><td>")
                    .append(esc(b.normalization().label()))
                    .append("</td><td class=\"num\">")
                    .append(esc(ResultsTable.g4(b.threshold())))
                    .append("</td><td>")
                    .append(esc(b.restriction().name()))
                    .append("</td><td class=\"num\">")
                    .append(c == null ? "given" : esc(ResultsTable.f3(c.meanDice())))
                    .append("</td><td class=\"num\">")
                    .append(c == null ? "—" : Integer.toString(c.cases()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");

        h.append("<section>\n<h2>Per-case scores</h2>\n");
        for (MethodResult r : results) {
            h.append("<details><summary>")
                    .append(esc(r.method()))
                    .append(r.layer() == null ? "" : " · " + esc(r.layer()))
                    .append(" (")
                    .append(r.cases().size())
                    .append(
                            " cases)</summary>\n<table>\n<thead><tr><th>Case</th><th>Label</th><th>Predicted positive</th>"
                                    + "<th class=\"num\">Predicted voxels</th><th class=\"num\">Truth voxels</th>"
                                    + "<th>Detected · TP components</th><th class=\"num\">Dice</th><th class=\"num\">MaxIoU</th>"
                                    + "<th class=\"num\">HD95 (mm)</th><th class=\"num\">Seconds</th></tr></thead>\n<tbody>\n");
            for (List<String> row : ReportWriter.caseRows(r)) {
                h.append("<tr>");
                for (int c = 0; c < row.size(); c++) {
                    h.append(c >= 3 && c != 5 ? "<td class=\"num\">" : "<td>")
                            .append(esc(row.get(c)))
                            .append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</tbody>\n</table>\n</details>\n");
        }
        h.append("</section>\n");

        h.append("<section>\n<h2>Definitions</h2>\n<ul class=\"defs\">\n")
                .append("<li><b>Lesions</b> are 3D connected components of the binarized heatmap and of the mask. "
                        + "A ground-truth lesion is <i>detected</i> when any predicted voxel overlaps it (recall); a "
                        + "predicted component is a <i>true positive</i> when it overlaps any ground-truth voxel "
                        + "(precision). Counts are pooled over all volumes before the ratios; F1 = 2PR/(P+R).</li>\n")
                .append("<li><b>Dice</b> = 2|P∩T|/(|P|+|T|) per volume, averaged over volumes.</li>\n")
                .append(
                        "<li><b>MaxIoU</b> (box-only datasets): for each ground-truth 3D box, the best IoU with the bounding "
                                + "box of a predicted component, averaged per volume, then over volumes.</li>\n")
                .append(
                        "<li><b>Balanced accuracy</b>: a volume is called positive when its binarized heatmap is non-empty; "
                                + "mean of sensitivity and specificity over volumes.</li>\n")
                .append(
                        "<li><b>Vol. AUC</b>: area under the ROC curve of each volume's heatmap peak (its largest value "
                                + "inside the body, before any normalisation) against the volume labels: how well the "
                                + "heatmap alone tells positive volumes from negative ones, with no threshold.</li>\n")
                .append(
                        "<li><b>HD95</b>: MONAI's 95th-percentile Hausdorff distance in mm between mask surfaces (edge "
                                + "voxels), the larger of the two directed percentiles, averaged over volumes where it is finite.</li>\n")
                .append("<li><b>s / volume</b>: mean wall time to compute one heatmap.</li>\n</ul>\n</section>\n");
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void appendResultsTable(StringBuilder h, ResultsTable table) {
        List<String> headers = table.headers();
        List<List<String>> cells = table.cells();
        List<TableRow> rows = table.rows();
        // Columns 2..8 are scores; HD95 (8) is better when lower.
        List<ToDoubleFunction<TableRow>> score = List.of(
                TableRow::precision,
                TableRow::recall,
                TableRow::f1,
                TableRow::overlap,
                TableRow::balancedAccuracy,
                TableRow::volumeAuc,
                TableRow::hd95);
        double[] best = new double[score.size()];
        for (int c = 0; c < score.size(); c++) {
            boolean lower = c == 6;
            best[c] = lower ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            for (TableRow r : rows) {
                double v = score.get(c).applyAsDouble(r);
                if (Double.isFinite(v)) {
                    best[c] = lower ? Math.min(best[c], v) : Math.max(best[c], v);
                }
            }
        }
        h.append("<div class=\"scroll\"><table class=\"results\">\n<thead><tr>");
        for (int c = 0; c < headers.size(); c++) {
            h.append(c >= 2 && c <= 11 || c == 13 ? "<th class=\"num\">" : "<th>")
                    .append(esc(headers.get(c)))
                    .append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < rows.size(); r++) {
            h.append(rows.get(r).reference() ? "<tr class=\"ref\">" : "<tr>");
            List<String> row = cells.get(r);
            for (int c = 0; c < row.size(); c++) {
                boolean numeric = c >= 2 && c <= 11 || c == 13;
                boolean bold = c >= 2
                        && c <= 8
                        && rows.size() > 1
                        && score.get(c - 2).applyAsDouble(rows.get(r)) == best[c - 2];
                String cls = numeric ? " class=\"num" + (c == 9 || c == 10 ? delta(row.get(c)) : "") + "\"" : "";
                h.append("<td")
                        .append(cls)
                        .append('>')
                        .append(bold ? "<b>" : "")
                        .append(esc(row.get(c)))
                        .append(bold ? "</b>" : "")
                        .append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table></div>\n");
    }

    private static String delta(String s) {
        return s.startsWith("+") && !s.equals("+0.000")
                ? " up"
                : s.startsWith("-") && !s.equals("-0.000") ? " down" : "";
    }

    private static void kv(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n");
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = String.join(
            "\n",
            ":root { --ink: #1f2328; --muted: #59636e; --line: #d8dee4; --accent: #0969da; }",
            "* { box-sizing: border-box; }",
            "body { margin: 0; background: #f6f8fa; color: var(--ink);",
            "  font: 15px/1.5 -apple-system, 'Segoe UI', 'DejaVu Sans', Helvetica, Arial, sans-serif; }",
            "main { max-width: 1280px; margin: 0 auto; padding: 28px 32px 48px; background: #fff;",
            "  box-shadow: 0 0 0 1px var(--line); min-height: 100vh; }",
            "h1 { font-size: 26px; margin: 0 0 6px; }",
            "h2 { font-size: 19px; margin: 34px 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }",
            "h3 { font-size: 15px; margin: 20px 0 8px; }",
            ".lead { color: var(--muted); margin: 0 0 8px; max-width: 900px; }",
            ".note { color: var(--muted); font-size: 13px; }",
            ".warning { color: #b42318; font-weight: 600; }",
            "table { border-collapse: collapse; font-size: 13.5px; margin: 6px 0; }",
            "th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }",
            "thead th { background: #f0f3f6; border-bottom: 2px solid #c9d1d9; font-weight: 600; white-space: normal;",
            "  vertical-align: bottom; }",
            ".scroll { overflow-x: auto; }",
            "td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }",
            "table.results tbody tr:hover { background: #f6f8fa; }",
            "tr.ref td { background: #fff8e6; }",
            "td.up { color: #1a7f37; } td.down { color: #cf222e; }",
            "table.kv th { background: none; font-weight: 600; color: var(--muted); border-bottom: 1px solid var(--line); }",
            "figure { margin: 8px 0; } figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }",
            "figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }",
            "p.verdict { font-weight: 600; margin: 6px 0; padding: 6px 10px; border-left: 5px solid var(--muted); }",
            "p.verdict.good { border-color: #1a7f37; } p.verdict.bad { border-color: #cf222e; color: #a40e26; }",
            "details { margin: 6px 0; } summary { cursor: pointer; font-weight: 600; padding: 4px 0; }",
            "ul.defs li { margin: 4px 0; max-width: 1000px; }",
            "a { color: var(--accent); }",
            "");
}
