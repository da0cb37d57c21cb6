/**
 * The results report: a table in the shape of the paper's Table 2 (Markdown, CSV, JSON), PNG figures
 * drawn with Java2D (Fig. 6 case panels, training curves, Dice per layer as in Fig. 5) and one
 * self-contained offline {@code index.html}.
 */
package io.tonno.evaluation.report;
