package io.tonno.classifier.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.tonno.classifier.heatmap.DirectionScorer;
import io.tonno.classifier.heatmap.HeatmapMethod;
import io.tonno.classifier.heatmap.HeatmapMethods;
import io.tonno.classifier.heatmap.MethodSettings;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.ResNetInit;
import io.tonno.classifier.nn.ResNetLayout;
import io.tonno.classifier.sampling.Xoshiro256;
import io.tonno.classifier.testing.ExportedModels;
import io.tonno.classifier.weights.Weights;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.stats.Correlation;
import io.tonno.tomography.ReconstructionSettings;
import io.tonno.tomography.SliceScorer;
import io.tonno.tomography.Timings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bring your own network: the same ResNet-10-T weights as safetensors (the project's network), TorchScript and ONNX
 * (exported by Debian's PyTorch from those weights) give the same scores and the same ToNNO heatmap; a network of
 * another family runs in both formats; files that break the contract are refused, naming the file and what was
 * expected.
 */
class ExportedNetworkTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    @TempDir
    static Path dir;

    private static Path gnWeights;

    @BeforeAll
    static void export() throws Exception {
        ExportedModels.assumeTorch();
        // bn: the PyTorch-equality fixture (non-trivial running statistics, F16/BF16 tensors).
        ExportedModels.resnet10t(FIXTURES.resolve("resnet10t_fixture.safetensors"), "bn", dir.resolve("r10-bn"));
        // gn: random weights written by the project itself.
        ResNetLayout gn = new ResNetLayout(Architecture.RESNET10T, NormKind.GN, 1);
        gnWeights = dir.resolve("r10-gn.safetensors");
        try (ResNet net = new ResNet(gn, InputNormalization.NONE, Device.cpu(), ResNetInit.random(gn, 5))) {
            Weights.save(gnWeights, net, Map.of("tonno.norm", "gn"));
        }
        ExportedModels.resnet10t(gnWeights, "gn", dir.resolve("r10-gn"));
        ExportedModels.convnext(dir.resolve("cnx"));
        ExportedModels.bad(dir.resolve("bad"));
    }

    private static ModelFile file(Path f, ModelFormat format, NormKind norm, InputNormalization in) {
        return new ModelFile(f, format, Architecture.RESNET10T, norm, in, 3, null, 32, "test");
    }

    @Test
    void torchScriptAndOnnxGiveTheSafetensorsHeatmap() throws Exception {
        Volume volume = phantom(32);
        ReconstructionSettings settings = ReconstructionSettings.of(48, 30, 32).withResources(2, 0);
        Path st = FIXTURES.resolve("resnet10t_fixture.safetensors");
        double[] reference;
        try (SliceModel m = file(st, ModelFormat.SAFETENSORS, NormKind.BN, InputNormalization.NONE)
                .load(Device.cpu(), "norm")) {
            reference = heatmap(m, volume, settings);
        }
        for (ModelFormat format : new ModelFormat[] {ModelFormat.TORCHSCRIPT, ModelFormat.ONNX}) {
            Path f = dir.resolve("r10-bn" + format.extension());
            try (SliceModel m = file(f, format, null, InputNormalization.NONE).load(Device.cpu(), "norm")) {
                assertTrue(m.resnet().isEmpty(), "an exported network exposes no layer");
                double[] h = heatmap(m, volume, settings);
                double r = Correlation.pearson(reference, h);
                System.out.printf("%s heatmap: correlation with safetensors %.8f%n", format.id(), r);
                assertTrue(r >= 0.9999, format + ": correlation with the safetensors heatmap " + r);
                assertEquals(1.0, maxAbs(h) / maxAbs(reference), 1e-3, format + ": same scale");
            }
        }
    }

    @Test
    void scoresEqualTheProjectNetworkForBothNormsAndImagenetInput() throws Exception {
        float[] slices = slices(5, 40, 3);
        for (String norm : new String[] {"bn", "gn"}) {
            Path st = norm.equals("bn") ? FIXTURES.resolve("resnet10t_fixture.safetensors") : gnWeights;
            NormKind kind = NormKind.parse(norm);
            for (InputNormalization in : InputNormalization.values()) {
                double[] expected = scores(file(st, ModelFormat.SAFETENSORS, kind, in), slices, 5, 40, 2);
                for (ModelFormat format : new ModelFormat[] {ModelFormat.TORCHSCRIPT, ModelFormat.ONNX}) {
                    Path f = dir.resolve("r10-" + norm + format.extension());
                    double[] got = scores(file(f, format, null, in), slices, 5, 40, 3);
                    for (int i = 0; i < 5; i++) {
                        assertEquals(
                                expected[i],
                                got[i],
                                1e-4 * Math.max(1, Math.abs(expected[i])),
                                norm + " " + in + " " + format + " slice " + i);
                    }
                }
            }
        }
    }

    @Test
    void anotherFamilyRunsInBothFormatsWithTwoClassLogOdds() throws Exception {
        float[] slices = slices(6, 32, 9);
        double[][] byFormat = new double[2][];
        int k = 0;
        for (ModelFormat format : new ModelFormat[] {ModelFormat.TORCHSCRIPT, ModelFormat.ONNX}) {
            Path f = dir.resolve("cnx" + format.extension());
            byFormat[k] = scores(cnx(f, format, 1), slices, 6, 32, 4);
            double[] negative = scores(cnx(f, format, 0), slices, 6, 32, 4);
            for (int i = 0; i < 6; i++) {
                // Two classes: the log-odds of class 0 are minus those of class 1.
                assertEquals(-byFormat[k][i], negative[i], 1e-6, format + " slice " + i);
            }
            k++;
        }
        double spread = 0;
        for (int i = 0; i < 6; i++) {
            assertEquals(byFormat[0][i], byFormat[1][i], 1e-4 * Math.max(1, Math.abs(byFormat[0][i])), "slice " + i);
            spread = Math.max(spread, Math.abs(byFormat[0][i] - byFormat[0][0]));
        }
        assertTrue(spread > 1e-3, "the slices get different scores: " + spread);
        // The CAM methods refuse it, naming what they need.
        try (SliceModel m =
                cnx(dir.resolve("cnx.pt"), ModelFormat.TORCHSCRIPT, 1).load(Device.cpu(), "norm")) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> HeatmapMethods.compute(
                            m,
                            phantom(32),
                            MethodSettings.maps(
                                            HeatmapMethod.TOMOGRAPHIC,
                                            io.tonno.classifier.cam.CamMethod.GRADCAM,
                                            io.tonno.classifier.nn.Stage.LAYER4,
                                            32)
                                    .withDirections(4, 8)));
            assertTrue(e.getMessage().contains("layer"), e.getMessage());
            assertTrue(e.getMessage().contains("cnx.pt"), e.getMessage());
        }
    }

    @Test
    void logOddsAgainstTheOtherClasses() {
        assertEquals(2.0 - 0.5, ExportedNetwork.logOdds(new double[] {0.5, 2.0}, 0, 2, 1), 1e-12);
        double expected = 1.0 - Math.log(Math.exp(3.0) + Math.exp(-2.0));
        assertEquals(expected, ExportedNetwork.logOdds(new double[] {9, 3.0, 1.0, -2.0}, 1, 3, 1), 1e-12);
        // Large logits do not overflow.
        assertEquals(-1.0, ExportedNetwork.logOdds(new double[] {1000.0, 999.0}, 0, 2, 1), 1e-12);
    }

    @Test
    void refusesFilesThatBreakTheContractNamingFileAndField() throws Exception {
        Path junk = dir.resolve("junk.onnx");
        Files.write(junk, "this is not a network".getBytes());
        Path junkPt = dir.resolve("junk.pt");
        Files.write(junkPt, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        expect(cnx(junk, ModelFormat.ONNX, 1), "file", "junk.onnx");
        expect(cnx(junkPt, ModelFormat.TORCHSCRIPT, 1), "file", "junk.pt");
        expect(cnx(dir.resolve("missing.onnx"), ModelFormat.ONNX, 1), "file", "no such file");
        // An ONNX file read as TorchScript.
        expect(cnx(dir.resolve("cnx.onnx"), ModelFormat.TORCHSCRIPT, 1), "file", "torchscript");
        expect(cnx(dir.resolve("bad-rank2.onnx"), ModelFormat.ONNX, null), "input", "(2, 1, 32, 32)");
        expect(cnx(dir.resolve("bad-map.pt"), ModelFormat.TORCHSCRIPT, null), "output", "shape");
        expect(cnx(dir.resolve("bad-nan.onnx"), ModelFormat.ONNX, null), "output", "non-finite");
        expect(cnx(dir.resolve("bad-nan.pt"), ModelFormat.TORCHSCRIPT, null), "output", "non-finite");
        expect(cnx(dir.resolve("bad-threeclass.pt"), ModelFormat.TORCHSCRIPT, null), "positiveIndex", "3 class");
        expect(cnx(dir.resolve("bad-threeclass.pt"), ModelFormat.TORCHSCRIPT, 3), "positiveIndex", "3 class");
        expect(cnx(dir.resolve("cnx.pt"), ModelFormat.TORCHSCRIPT, null), "positiveIndex", "2 class");
        // A 3-channel network given 1 channel.
        expect(
                new ModelFile(
                        dir.resolve("r10-bn.onnx"),
                        ModelFormat.ONNX,
                        Architecture.RESNET10T,
                        null,
                        InputNormalization.NONE,
                        1,
                        null,
                        32,
                        "test"),
                "input",
                "(2, 1, 32, 32)");
        // ImageNet normalization has three channel constants.
        expect(
                new ModelFile(
                        dir.resolve("cnx.onnx"),
                        ModelFormat.ONNX,
                        Architecture.RESNET10T,
                        null,
                        InputNormalization.IMAGENET,
                        1,
                        1,
                        32,
                        "test"),
                "channels",
                "3 channels");
        // A non-finite score found while scoring is refused as bad input, unchecked.
        try (ExportedNetwork net = ExportedNetwork.load(
                dir.resolve("bad-nan.pt"),
                ModelFormat.TORCHSCRIPT,
                new ExportedNetwork.Input(1, InputNormalization.NONE, null),
                Device.cpu())) {
            InvalidInputException.Unchecked e = assertThrows(
                    InvalidInputException.Unchecked.class,
                    () -> net.scorer(4).score(new float[8 * 16], 8, 4, 4, new double[8]));
            assertEquals("output", e.getCause().field());
        }
    }

    private static void expect(ModelFile f, String field, String words) {
        InvalidInputException e = assertThrows(
                InvalidInputException.class, () -> f.load(Device.cpu(), "norm").close());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
        assertTrue(
                e.getMessage().contains(f.file().getFileName().toString())
                        || e.source().equals("test"),
                e.getMessage());
    }

    private static ModelFile cnx(Path f, ModelFormat format, Integer positive) {
        return new ModelFile(f, format, Architecture.RESNET10T, null, InputNormalization.NONE, 1, positive, 32, "test");
    }

    private static double[] scores(ModelFile f, float[] slices, int n, int size, int batch) throws Exception {
        try (SliceModel m = f.load(Device.cpu(), "norm")) {
            SliceScorer s = m.scorer(batch);
            double[] out = new double[n];
            s.score(slices, n, size, size, out);
            return out;
        }
    }

    private static double[] heatmap(SliceModel m, Volume v, ReconstructionSettings settings) {
        Volume h = HeatmapMethods.reconstruct(
                HeatmapMethod.TONNO, new DirectionScorer.Scalar(m.scorer(32)), v, settings, v.shape(), new Timings());
        float[] d = h.data();
        double[] out = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = d[i];
        }
        return out;
    }

    /** A bright ellipsoid on a smooth background with mild noise, values in about [0, 1]. */
    static Volume phantom(int n) {
        Xoshiro256 r = new Xoshiro256(17);
        float[] d = new float[n * n * n];
        double c = (n - 1) / 2.0;
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double e = Math.pow((x - c - 4) / 6.0, 2)
                            + Math.pow((y - c) / 4.0, 2)
                            + Math.pow((z - c + 3) / 5.0, 2);
                    double v = 0.3 + 0.2 * x / n + (e < 1 ? 0.5 : 0) + 0.05 * r.nextDouble();
                    d[(z * n + y) * n + x] = (float) v;
                }
            }
        }
        return Volume.zeros(n, n, n).withData(d);
    }

    private static float[] slices(int n, int size, long seed) {
        Xoshiro256 r = new Xoshiro256(seed);
        float[] s = new float[n * size * size];
        for (int b = 0; b < n; b++) {
            double level = r.nextDouble();
            for (int p = 0; p < size * size; p++) {
                s[b * size * size + p] = (float) (level * (p % size) / size + 0.3 * r.nextDouble());
            }
        }
        return s;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
