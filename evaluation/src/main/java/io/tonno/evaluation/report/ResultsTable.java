package io.tonno.evaluation.report;

import io.tonno.evaluation.MethodResult;
import io.tonno.evaluation.PooledMetrics;
import io.tonno.evaluation.calibration.Normalization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The results table in the shape of the paper's Table 2: method, layer, precision, recall, F1, Dice
 * (or MaxIoU on box-only data), balanced accuracy, the volume AUC of the heatmap's peak, HD95, the difference to LayerCAM, seconds per volume.
 *
 * <p>The LayerCAM reference is the row whose method name, lower-cased with non-letters removed, is
 * {@code layercam}, with the highest F1 (the paper compares against LayerCAM at its best layer).
 */
public final class ResultsTable {
    private final List<TableRow> rows;

    private ResultsTable(List<TableRow> rows) {
        this.rows = List.copyOf(rows);
    }

    /** Builds the table from results in the given order. */
    public static ResultsTable of(List<MethodResult> results) {
        MethodResult ref = null;
        for (MethodResult r : results) {
            if (isLayerCam(r.method())
                    && (ref == null || r.pooled().f1() > ref.pooled().f1())) {
                ref = r;
            }
        }
        List<TableRow> rows = new ArrayList<>();
        for (MethodResult r : results) {
            PooledMetrics p = r.pooled();
            boolean box = p.boxOnly();
            double overlap = box ? p.meanMaxIoU() : p.meanDice();
            double dF1 = Double.NaN;
            double dOverlap = Double.NaN;
            if (ref != null) {
                dF1 = p.f1() - ref.pooled().f1();
                dOverlap = overlap
                        - (box ? ref.pooled().meanMaxIoU() : ref.pooled().meanDice());
            }
            var b = r.settings().binarization();
            rows.add(new TableRow(
                    r.method(),
                    r.layer() == null ? "" : r.layer(),
                    p.precision(),
                    p.recall(),
                    p.f1(),
                    box ? "MaxIoU" : "Dice",
                    overlap,
                    p.balancedAccuracy(),
                    p.volumeAuc(),
                    p.meanHd95(),
                    dF1,
                    dOverlap,
                    r == ref,
                    p.meanSeconds(),
                    b.normalization().label(),
                    b.threshold(),
                    b.restriction().name(),
                    p.cases()));
        }
        return new ResultsTable(rows);
    }

    static boolean isLayerCam(String method) {
        return method.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "").equals("layercam");
    }

    public List<TableRow> rows() {
        return rows;
    }

    /** The overlap column's name: {@code MaxIoU} when every row is box-only, else {@code Dice}. */
    public String overlapName() {
        return !rows.isEmpty() && rows.stream().allMatch(r -> r.overlapMetric().equals("MaxIoU")) ? "MaxIoU" : "Dice";
    }

    /** Column headers shared by Markdown, CSV and HTML. */
    public List<String> headers() {
        String o = overlapName();
        return List.of(
                "Method",
                "Layer",
                "Precision",
                "Recall",
                "F1",
                o,
                "Bal. acc.",
                "Vol. AUC",
                "HD95 (mm)",
                "ΔF1 vs LayerCAM",
                "Δ" + o + " vs LayerCAM",
                "s / volume",
                "Normalization",
                "Threshold");
    }

    /** Display cells of each row, numbers to three decimals, deltas signed, NaN as an em dash. */
    public List<List<String>> cells() {
        List<List<String>> out = new ArrayList<>();
        for (TableRow r : rows) {
            out.add(List.of(
                    r.method(),
                    r.layer(),
                    f3(r.precision()),
                    f3(r.recall()),
                    f3(r.f1()),
                    f3(r.overlap()),
                    f3(r.balancedAccuracy()),
                    f3(r.volumeAuc()),
                    f2(r.hd95()),
                    r.reference() ? "ref" : signed(r.deltaF1()),
                    r.reference() ? "ref" : signed(r.deltaOverlap()),
                    f2(r.secondsPerVolume()),
                    r.normalization(),
                    g4(r.threshold())));
        }
        return out;
    }

    /**
     * One sentence for each row whose binarization cannot mark a single voxel: a threshold of 1 or more under
     * {@code max} normalization (each heatmap divided by its own maximum, so no voxel exceeds 1). Calibration chooses
     * that on a split with negative volumes, since marking nothing gives every negative a Dice of 1; the row then
     * reads F1 0 whatever the heatmaps show. Empty when every row can mark voxels.
     */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (TableRow r : rows) {
            if (Normalization.PER_VOLUME_MAX.label().equals(r.normalization()) && r.threshold() >= 1.0) {
                out.add(r.method() + (r.layer().isEmpty() ? "" : " " + r.layer()) + ": its calibrated threshold "
                        + g4(r.threshold()) + " under max normalization marks no voxel (each heatmap is divided by"
                        + " its own maximum, so with negative volumes in the calibration split marking nothing wins);"
                        + " set binarization.normalization to raw or percentile (docs/evaluation.md).");
            }
        }
        return out;
    }

    /** A GitHub-flavoured Markdown table, then each of {@link #warnings} as a quoted line. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        List<String> h = headers();
        sb.append("| ").append(String.join(" | ", h)).append(" |\n|");
        for (int c = 0; c < h.size(); c++) {
            sb.append(c < 2 || c >= 12 ? "---|" : "---:|");
        }
        sb.append('\n');
        for (List<String> row : cells()) {
            sb.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        for (String w : warnings()) {
            sb.append("\n> Warning: ").append(w).append('\n');
        }
        return sb.toString();
    }

    /** CSV with machine-readable full-precision numbers (NaN and Infinity spelled out), RFC 4180 quoting. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder();
        sb.append("method,layer,precision,recall,f1,overlap_metric,overlap,balanced_accuracy,volume_auc,hd95_mm,"
                + "delta_f1_vs_layercam,delta_overlap_vs_layercam,is_reference,seconds_per_volume,"
                + "normalization,threshold,foreground_restriction,cases\n");
        for (TableRow r : rows) {
            List<Object> cells = Arrays.asList(
                    csv(r.method()),
                    csv(r.layer()),
                    r.precision(),
                    r.recall(),
                    r.f1(),
                    r.overlapMetric(),
                    r.overlap(),
                    r.balancedAccuracy(),
                    r.volumeAuc(),
                    r.hd95(),
                    r.deltaF1(),
                    r.deltaOverlap(),
                    r.reference(),
                    r.secondsPerVolume(),
                    csv(r.normalization()),
                    r.threshold(),
                    r.restriction(),
                    r.cases());
            sb.append(cells.stream().map(String::valueOf).collect(Collectors.joining(",")))
                    .append('\n');
        }
        return sb.toString();
    }

    private static String csv(String s) {
        return s.matches("[^,\"\\r\\n]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }

    static String f3(double v) {
        return Double.isNaN(v)
                ? "—"
                : Double.isInfinite(v) ? (v > 0 ? "∞" : "-∞") : String.format(Locale.ROOT, "%.3f", v);
    }

    static String f2(double v) {
        return Double.isNaN(v)
                ? "—"
                : Double.isInfinite(v) ? (v > 0 ? "∞" : "-∞") : String.format(Locale.ROOT, "%.2f", v);
    }

    /** Four significant digits without trailing zeros ({@code 0.25}, {@code 0.0001234}, {@code 12350}). */
    static String g4(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        if (v == 0) {
            return "0";
        }
        return new java.math.BigDecimal(v)
                .round(new java.math.MathContext(4))
                .stripTrailingZeros()
                .toPlainString();
    }

    static String signed(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%+.3f", v);
    }
}
