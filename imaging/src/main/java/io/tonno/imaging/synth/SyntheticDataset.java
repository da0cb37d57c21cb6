package io.tonno.imaging.synth;

import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.dataset.Split;
import io.tonno.imaging.io.Nifti;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a synthetic lesion dataset (see {@link SyntheticCase} for what a case contains):
 * {@code images/caseNNN.nii.gz} (float32), {@code masks/caseNNN.nii.gz} (uint8, empty for negatives) and
 * {@code dataset.json} with one box per lesion and stratified splits (about 60% train, 20% calibration,
 * 20% test of each class, at least one case of each class in every split).
 *
 * <p>Determinism: one {@link SplittableRandom} seeded with {@link SynthSettings#seed()} draws the labels,
 * the splits and one seed per case; cases are then generated in parallel from their own seeds, so the
 * output does not depend on thread scheduling.
 */
public final class SyntheticDataset {
    private static final Logger LOG = LoggerFactory.getLogger(SyntheticDataset.class);

    private SyntheticDataset() {}

    /** Writes the dataset under {@code outDir} and returns it (as written to {@code outDir/dataset.json}). */
    public static Dataset write(Path outDir, SynthSettings s) throws IOException {
        return write(
                outDir, s, "synthetic", (positive, r) -> SyntheticCase.generate(s.size(), positive, s.difficulty(), r));
    }

    /**
     * Writes a dataset whose cases come from {@code generator}: labels, splits and per-case seeds are drawn
     * here from {@link SynthSettings#seed()}, exactly as for the phantoms; the dataset is named
     * {@code {kind}-n{cases}-s{size}-seed{seed}}.
     */
    static Dataset write(Path outDir, SynthSettings s, String kind, CaseGenerator generator) throws IOException {
        SplittableRandom master = new SplittableRandom(s.seed());
        int n = s.cases();
        int pos = s.positives();
        boolean[] positive = new boolean[n];
        for (int c = 0; c < pos; c++) {
            positive[c] = true;
        }
        shuffle(positive, master);
        Split[] splits = stratifiedSplits(positive, master);
        long[] seeds = new long[n];
        for (int c = 0; c < n; c++) {
            seeds[c] = master.nextLong();
        }
        Path images = Files.createDirectories(outDir.resolve("images"));
        Path masks = Files.createDirectories(outDir.resolve("masks"));
        CaseEntry[] entries = new CaseEntry[n];
        int digits = Math.max(3, String.valueOf(n - 1).length());
        try {
            IntStream.range(0, n).parallel().forEach(c -> {
                String id = String.format("case%0" + digits + "d", c);
                GeneratedCase res = generator.generate(positive[c], new SplittableRandom(seeds[c]));
                Path img = images.resolve(id + ".nii.gz");
                Path msk = masks.resolve(id + ".nii.gz");
                try {
                    Nifti.writeFloat32(res.image(), img);
                    Nifti.writeUint8(res.mask(), msk);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                entries[c] = new CaseEntry(
                        id, img.toAbsolutePath(), positive[c] ? 1 : 0, msk.toAbsolutePath(), res.boxes(), splits[c]);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Dataset d = new Dataset(kind + "-n" + n + "-s" + s.size() + "-seed" + s.seed(), List.of(entries));
        d.write(outDir.resolve("dataset.json"));
        LOG.info("wrote {} {} cases ({} positive) of {}^3 voxels to {}", n, kind, pos, s.size(), outDir);
        return d;
    }

    /** Per class: about 20% calibration and 20% test (at least one each), the rest train (at least one). */
    static Split[] stratifiedSplits(boolean[] positive, SplittableRandom r) {
        Split[] out = new Split[positive.length];
        for (boolean cls : new boolean[] {true, false}) {
            List<Integer> members = new ArrayList<>();
            for (int c = 0; c < positive.length; c++) {
                if (positive[c] == cls) {
                    members.add(c);
                }
            }
            int m = members.size();
            int calib = Math.max(1, (int) Math.round(0.2 * m));
            int test = Math.max(1, (int) Math.round(0.2 * m));
            for (int idx = 0; idx < m; idx++) {
                Split sp = idx < calib ? Split.CALIBRATION : idx < calib + test ? Split.TEST : Split.TRAIN;
                out[members.get(idx)] = sp;
            }
        }
        return out;
    }

    private static void shuffle(boolean[] a, SplittableRandom r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            boolean t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
