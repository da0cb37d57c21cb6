package io.tonno.evaluation.report;

import io.tonno.evaluation.MethodResult;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Dice (or MaxIoU) per layer for the LayerCAM family (paper Fig. 5): every method whose name,
 * lower-cased with non-letters removed, ends in {@code layercam} (LayerCAM, Averaged LayerCAM,
 * Tomographic LayerCAM, ...) and has results at layers. One line per method, layers on the x axis.
 */
final class DicePerLayerFigure {
    private DicePerLayerFigure() {}

    /** The chart, or {@code null} when no LayerCAM-family method has a layer. */
    static BufferedImage render(List<MethodResult> results) {
        Map<String, Map<String, Double>> byMethod = new LinkedHashMap<>();
        TreeSet<String> layers = new TreeSet<>();
        boolean box = false;
        for (MethodResult r : results) {
            String key = r.method().toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
            if (r.layer() == null || r.layer().isEmpty() || !key.endsWith("layercam")) {
                continue;
            }
            box |= r.pooled().boxOnly();
            double v =
                    r.pooled().boxOnly() ? r.pooled().meanMaxIoU() : r.pooled().meanDice();
            byMethod.computeIfAbsent(r.method(), m -> new LinkedHashMap<>()).put(r.layer(), v);
            layers.add(r.layer());
        }
        if (byMethod.isEmpty()) {
            return null;
        }
        List<String> cats = new ArrayList<>(layers);
        String metric = box ? "MaxIoU" : "mean Dice";
        LineChart chart = new LineChart(metric + " per layer", "layer", metric)
                .categories(cats)
                .yRange(0, 1);
        int c = 0;
        for (Map.Entry<String, Map<String, Double>> e : byMethod.entrySet()) {
            double[] x = new double[cats.size()];
            double[] y = new double[cats.size()];
            for (int n = 0; n < cats.size(); n++) {
                x[n] = n;
                y[n] = e.getValue().getOrDefault(cats.get(n), Double.NaN);
            }
            chart.add(new LineChart.Series(
                    e.getKey(), x, y, LineChart.PALETTE[c++ % LineChart.PALETTE.length], 2.6f, true, false));
        }
        return chart.render(720, 440);
    }
}
