package io.tonno.evaluation.report;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the report shows besides the results: a title, the cases of the Fig. 6 panel, the
 * training metrics log and free-form experiment settings (shown as given, in order).
 *
 * @param title        page title, e.g. {@code ToNNO on synthetic lesions}
 * @param cases        cases for the Fig. 6 panel (a few), may be empty
 * @param trainingLog  JSON Lines metrics file (see {@link TrainingLog}), or {@code null}
 * @param settings     experiment settings to list (dataset, split sizes, L, M, seeds, ...)
 */
public record ReportInputs(String title, List<CaseFigureInput> cases, Path trainingLog, Map<String, String> settings) {
    public ReportInputs {
        Objects.requireNonNull(title, "title");
        cases = cases == null ? List.of() : List.copyOf(cases);
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** Only a title: the report then holds the table and the Dice-per-layer chart. */
    public static ReportInputs titled(String title) {
        return new ReportInputs(title, List.of(), null, Map.of());
    }
}
