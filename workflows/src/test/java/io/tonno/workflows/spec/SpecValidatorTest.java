package io.tonno.workflows.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {
    private static final com.fasterxml.jackson.databind.ObjectMapper TEMPORAL =
            io.temporal.common.converter.JacksonJsonPayloadConverter.newDefaultObjectMapper();

    private static ExperimentSpec withMethods(MethodSpec... methods) {
        return brought(null, methods);
    }

    @Test
    void minimalSpecIsValidWithDocumentedDefaults() {
        ExperimentSpec spec = ExperimentSpec.minimal("exp-1", "datasets/toy/dataset.json");
        assertEquals(List.of(), SpecValidator.problems(spec));
        assertEquals("resnet10t", spec.model().arch());
        assertEquals("bn", spec.model().norm());
        assertEquals(64, spec.model().sliceSize());
        assertEquals("none", spec.model().inputNormalization());
        assertEquals("timm", spec.model().init());
        assertEquals(1000, spec.training().steps());
        assertEquals(0.05, spec.training().weightDecay());
        assertEquals(50, spec.training().warmupSteps());
        assertEquals(1000, spec.training().segmentSteps());
        MethodSpec tonno = spec.methods().get(0);
        assertEquals("tonno", tonno.key());
        assertEquals(2000, tonno.directions());
        assertEquals(100, tonno.slices());
        assertEquals(64, tonno.sliceSize());
        assertEquals(26, spec.evaluation().connectivity());
        assertEquals(8, spec.fanout().chunksInFlight());
    }

    @Test
    void anUnknownInitSchemeIsRefused() {
        ExperimentSpec ok = ExperimentSpec.minimal("exp-1", "datasets/toy/dataset.json");
        ExperimentSpec spec = new ExperimentSpec(
                "exp-1",
                "datasets/toy/dataset.json",
                null,
                false,
                new ModelSpec(
                        "resnet10t", "bn", null, 64, "none", null, null, null, null, null, null, "xavier", null, null),
                ok.training(),
                ok.methods(),
                null,
                null,
                null,
                null);
        assertEquals(List.of("model.init: must be one of pytorch|timm, got 'xavier'"), SpecValidator.problems(spec));
    }

    @Test
    void namesEachBadFieldByJsonPath() {
        ExperimentSpec spec = withMethods(
                MethodSpec.of("gradcam"),
                MethodSpec.of("layercam"),
                MethodSpec.of("tonno").withSampling(0, 2).withSliceSize(600));
        assertEquals(
                List.of(
                        "methods[2].directions: must be between 1 and 20000, got 0",
                        "methods[2].slices: must be between 3 and 1000, got 2",
                        "methods[2].sliceSize: must be between 8 and 512, got 600"),
                SpecValidator.problems(spec));
    }

    @Test
    void rejectsFieldsThatDoNotApplyToTheMethod() {
        ExperimentSpec spec = withMethods(
                MethodSpec.of("gradcam", "layercam", 2, null).withSampling(100, null),
                MethodSpec.of("tomographic", null, 3, null));
        assertEquals(
                List.of(
                        "methods[0].cam: does not apply to method gradcam; remove it, got layercam",
                        "methods[0].directions: does not apply to method gradcam; remove it, got 100",
                        "methods[1].cam: is required for tomographic: one of gradcam|gradcampp|layercam|scorecam, got null"),
                SpecValidator.problems(spec));
    }

    @Test
    void toNNOInversionVariantsAreValidatedAndNamed() {
        ExperimentSpec spec = withMethods(
                MethodSpec.of("tonno"),
                MethodSpec.tonno("backprojection", null),
                MethodSpec.tonno("fractional:0.50", "sigmoid"),
                MethodSpec.tonno("fractional:2.5", null),
                MethodSpec.tonno("ramp", "probability"),
                new MethodSpec(
                        "averaged",
                        "layercam",
                        3,
                        null,
                        null,
                        null,
                        null,
                        "backprojection",
                        null,
                        null,
                        null,
                        null,
                        null));
        assertEquals(
                List.of(
                        "methods[3].inversion: must be paper, backprojection or fractional:ALPHA with ALPHA in (0, 2],"
                                + " got 'fractional:2.5'",
                        "methods[4].inversion: must be paper, backprojection or fractional:ALPHA with ALPHA in (0, 2],"
                                + " got 'ramp'",
                        "methods[4].scoreMap: must be one of logit|sigmoid, got 'probability'",
                        "methods[5].inversion: does not apply to method averaged; remove it, got backprojection"),
                SpecValidator.problems(spec));
        assertEquals("tonno", MethodSpec.tonno("paper", "logit").key());
        assertEquals("tonno-backprojection", spec.methods().get(1).key());
        assertEquals("tonno-fractional-0.5-sigmoid", spec.methods().get(2).key());
        assertEquals("ToNNO (fractional 0.5 sigmoid)", spec.methods().get(2).displayName());
        assertEquals(
                "tonno-fractional-1", MethodSpec.tonno("fractional:1.0", null).key());
    }

    private static ExperimentSpec brought(ModelSpec model, MethodSpec... methods) {
        return new ExperimentSpec(
                "exp-1",
                "datasets/toy/dataset.json",
                null,
                false,
                model,
                null,
                List.of(methods),
                null,
                null,
                null,
                null);
    }

    private static ModelSpec file(String file, String format, Integer channels, Integer positive, String norm) {
        return model(norm, null, null, file, format, channels, positive);
    }

    /** A model with the given norm, weights, input normalization and brought-file fields; the others default. */
    private static ModelSpec model(
            String norm,
            String weights,
            String inputNormalization,
            String file,
            String format,
            Integer channels,
            Integer positive) {
        return new ModelSpec(
                null,
                norm,
                weights,
                null,
                inputNormalization,
                null,
                file,
                format,
                channels,
                positive,
                null,
                null,
                null,
                null);
    }

    @Test
    void broughtModelsAreCheckedAndCamMethodsNeedTheProjectResNet() {
        // Valid: an ONNX network with class logits, a TorchScript one with one channel, the project's ResNet.
        assertEquals(
                List.of(),
                SpecValidator.problems(brought(file("/m/net.onnx", null, 3, 1, null), MethodSpec.of("tonno"))));
        assertEquals(
                List.of(),
                SpecValidator.problems(
                        brought(file("models/x", "torchscript", 1, null, null), MethodSpec.of("tonno"))));
        assertEquals(
                List.of(),
                SpecValidator.problems(
                        brought(file("/m/model.safetensors", null, null, null, null), MethodSpec.of("gradcam"))));
        // A brought safetensors file keeps its own norm: no default is filled in.
        assertEquals(null, file("/m/model.safetensors", null, null, null, null).norm());
        assertEquals("bn", ModelSpec.defaults().norm());
        // Starting weights say their own norm too.
        assertEquals(
                null,
                model(null, "/w.safetensors", null, null, null, null, null).norm());

        assertEquals(
                List.of("methods[1].name: gradcam needs the activations of a layer (layer1..layer4), which only the"
                        + " project's ResNet (model.format safetensors) exposes; the onnx network of model.file exposes"
                        + " none: use tonno, or bring the ResNet's safetensors weights, got gradcam"),
                SpecValidator.problems(brought(
                        file("/m/net.onnx", null, 3, null, null), MethodSpec.of("tonno"), MethodSpec.of("gradcam"))));
        assertEquals(
                List.of("model.format: cannot tell the format of model.file from its name (.safetensors, .pt or .onnx);"
                        + " give one of safetensors, torchscript, onnx, got null"),
                SpecValidator.problems(brought(file("/m/net.bin", null, 3, null, null), MethodSpec.of("tonno"))));
        assertEquals(
                List.of("model.format: must be one of onnx|safetensors|torchscript, got 'keras'"),
                SpecValidator.problems(brought(file("/m/net.bin", "keras", 3, null, null), MethodSpec.of("tonno"))));
        assertEquals(
                List.of(
                        "model.channels: must be 1 or 3, got 2",
                        "model.positiveIndex: must be between 0 and 1000000," + " got -1"),
                SpecValidator.problems(brought(file("/m/net.pt", null, 2, -1, null), MethodSpec.of("tonno"))));
        assertEquals(
                List.of("model.inputNormalization: imagenet normalizes three channels; with model.channels 1 use none,"
                        + " got imagenet"),
                SpecValidator.problems(
                        brought(model(null, null, "imagenet", "/m/net.pt", null, 1, null), MethodSpec.of("tonno"))));
        assertEquals(
                List.of(
                        "model.weights: pretrained weights start a training run, but model.file brings a trained model"
                                + " and nothing is trained; leave one out, got '/w.safetensors'",
                        "model.channels: the project's ResNet (safetensors) takes 3 channels, got 1",
                        "model.positiveIndex: the project's ResNet has one logit; remove it, got 0"),
                SpecValidator.problems(brought(
                        model(null, "/w.safetensors", null, "/m/a.safetensors", null, 1, 0), MethodSpec.of("tonno"))));
        // Without model.file the brought-model fields do not apply.
        assertEquals(
                List.of(
                        "model.format: describes a brought model.file; without model.file remove it, got onnx",
                        "model.positiveIndex: describes a brought model.file; without model.file remove it, got 1",
                        "model.channels: the project's ResNet takes 3 channels; only a brought network may take 1, got 1"),
                SpecValidator.problems(brought(file(null, "onnx", 1, 1, null), MethodSpec.of("tonno"))));
    }

    private static ModelSpec engine(String engine, String device, String file) {
        return new ModelSpec(
                "resnet10t", "gn", null, 64, "none", device, file, null, null, null, engine, null, null, null);
    }

    private static ModelSpec slicing(String slicing, String engine, String device, String file) {
        return new ModelSpec(
                "resnet10t", "gn", null, 64, "none", device, file, null, null, null, engine, null, slicing, null);
    }

    @Test
    void slicingIsCheckedAgainstEngineDeviceAndFormat() {
        assertEquals("auto", ModelSpec.defaults().slicing());
        for (String[] ok : new String[][] {
            {"auto", "auto", "cpu"},
            {"host", "auto", "cpu"},
            {"device", "pytorch", "cpu"},
            {"device", "auto", "gpu:1"},
            {"device", "auto", "auto"}
        }) {
            assertEquals(
                    List.of(),
                    SpecValidator.problems(brought(slicing(ok[0], ok[1], ok[2], null), MethodSpec.of("tonno"))),
                    String.join(" ", ok));
        }
        assertEquals(
                List.of("model.slicing: must be one of auto|device|host, got 'gpu'"),
                SpecValidator.problems(brought(slicing("gpu", "auto", "cpu", null), MethodSpec.of("tonno"))));
        assertEquals(
                List.of("model.slicing: slices cut on the device feed the pytorch scoring engine only, but"
                        + " model.scoringEngine onnxruntime scores with onnxruntime on model.device cpu; set"
                        + " model.scoringEngine to pytorch, or slicing to host or auto, got device"),
                SpecValidator.problems(brought(slicing("device", "onnxruntime", "cpu", null), MethodSpec.of("tonno"))));
        assertEquals(
                List.of("model.slicing: chooses where the project's ResNet's slices are cut; a brought onnx network"
                        + " takes host slices: remove it, got host"),
                SpecValidator.problems(brought(slicing("host", "auto", "cpu", "/m/net.onnx"), MethodSpec.of("tonno"))));
    }

    @Test
    void scoringEngineIsCheckedAgainstDeviceAndFormat() {
        assertEquals("auto", ModelSpec.defaults().scoringEngine());
        for (String ok : new String[] {"auto", "pytorch", "onnxruntime"}) {
            assertEquals(List.of(), SpecValidator.problems(brought(engine(ok, "cpu", null), MethodSpec.of("tonno"))));
        }
        assertEquals(
                List.of("model.scoringEngine: must be one of auto|onnxruntime|pytorch, got 'tensorrt'"),
                SpecValidator.problems(brought(engine("tensorrt", "cpu", null), MethodSpec.of("tonno"))));
        assertEquals(
                List.of("model.scoringEngine: onnxruntime scores on the CPU only, but model.device is gpu:1; use"
                        + " pytorch or auto, got onnxruntime"),
                SpecValidator.problems(brought(engine("onnxruntime", "gpu:1", null), MethodSpec.of("tonno"))));
        assertEquals(
                List.of("model.scoringEngine: chooses how the project's ResNet is scored; a brought onnx network runs"
                        + " on its own format's engine: remove it, got pytorch"),
                SpecValidator.problems(brought(engine("pytorch", "cpu", "/m/net.onnx"), MethodSpec.of("tonno"))));
    }

    @Test
    void samplingSchemesAreToNNOOnlyAndChecked() throws Exception {
        ExperimentSpec spec = TEMPORAL.readValue("""
                {"experimentId": "e", "dataset": "d.json",
                 "training": {"mirror": true},
                 "methods": [{"name": "tonno", "sampling": "hemisphere", "offsets": "body"},
                             {"name": "tomographic", "cam": "layercam", "sampling": "hemisphere", "offsets": "body"},
                             {"name": "tonno", "label": "t2", "sampling": "half", "offsets": "box"},
                             {"name": "tonno", "label": "t3", "sampling": "relaxed-hemisphere"},
                             {"name": "tonno", "label": "t4", "offsets": "adaptive"},
                             {"name": "tonno", "label": "t5", "offsets": "adaptive:0.2"},
                             {"name": "tonno", "label": "t6", "offsets": "adaptive:-1"},
                             {"name": "tonno", "label": "t7", "offsets": "adaptive:x"}]}""", ExperimentSpec.class);
        assertTrue(spec.training().mirror());
        assertEquals("hemisphere", spec.methods().get(0).sampling());
        assertTrue(spec.methods().get(0).bodyOffsets());
        assertEquals("tonno", spec.methods().get(0).key(), "the sampling does not rename the row");
        assertEquals("relaxed-hemisphere", spec.methods().get(3).sampling());
        assertEquals(null, spec.methods().get(0).adaptiveOffsets());
        assertEquals(MethodSpec.ADAPTIVE_TOLERANCE, spec.methods().get(4).adaptiveOffsets());
        assertTrue(spec.methods().get(4).bodyOffsets(), "adaptive offsets are body offsets");
        assertEquals(0.2, spec.methods().get(5).adaptiveOffsets());
        assertEquals(
                List.of(
                        "methods[1].sampling: does not apply to method tomographic; remove it, got hemisphere",
                        "methods[1].offsets: does not apply to method tomographic; remove it, got body",
                        "methods[2].sampling: must be one of hemisphere|random-hemisphere|relaxed-hemisphere|sphere,"
                                + " got 'half'",
                        "methods[2].offsets: must be cube, body, adaptive or adaptive:TOLERANCE (logits, >= 0), got"
                                + " 'box'",
                        "methods[6].offsets: must be cube, body, adaptive or adaptive:TOLERANCE (logits, >= 0), got"
                                + " 'adaptive:-1'",
                        "methods[7].offsets: must be cube, body, adaptive or adaptive:TOLERANCE (logits, >= 0), got"
                                + " 'adaptive:x'"),
                SpecValidator.problems(spec));
        ExperimentSpec defaults = TEMPORAL.readValue(
                "{\"experimentId\": \"e\", \"dataset\": \"d.json\", \"methods\": [{\"name\": \"tonno\"}]}",
                ExperimentSpec.class);
        assertEquals(null, defaults.methods().get(0).sampling());
        assertFalse(defaults.methods().get(0).bodyOffsets());
        assertFalse(defaults.training().mirror());
    }

    @Test
    void boundsTheClusterCostOfOneReconstruction() {
        ExperimentSpec spec = withMethods(MethodSpec.of("tonno").withSampling(20000, 1000));
        assertEquals(
                List.of("methods[0].directions: directions * slices must be at most 4000000, got 20000000"),
                SpecValidator.problems(spec));
    }

    @Test
    void rejectsTooManyChunksForTheHistory() {
        ExperimentSpec spec = new ExperimentSpec(
                "exp-1",
                "d.json",
                null,
                false,
                null,
                null,
                List.of(MethodSpec.of("tonno").withSampling(20000, 10)),
                null,
                null,
                new FanoutSpec(5, null, null, null),
                null);
        assertEquals(
                List.of("methods[0].directions: needs 4000 chunks of fanout.directionsPerChunk=5, at most 2000 "
                        + "allowed; raise fanout.directionsPerChunk, got 20000"),
                SpecValidator.problems(spec));
    }

    @Test
    void rejectsDuplicateMethodsAndOversizedBatches() {
        ExperimentSpec spec = new ExperimentSpec(
                "exp 1",
                "",
                null,
                false,
                null,
                new TrainingSpec(
                        10, 256, 256, 0.0, null, 20, 3, null, null, 10, null, null, null, null, null, null, null, null,
                        null, null),
                List.of(MethodSpec.of("tonno"), MethodSpec.of("tonno")),
                null,
                null,
                null,
                null);
        assertEquals(
                List.of(
                        "experimentId: must match [A-Za-z0-9._-]{1,64}, not start with '.' and not contain '..', got 'exp 1'",
                        "dataset: is required (artifact-store key or path of dataset.json), got ",
                        "training.slicesPerVolume: volumesPerBatch * slicesPerVolume must be at most 4096, got 65536",
                        "training.learningRate: must be in (0, 1], got 0.0",
                        "training.warmupSteps: must be between 0 and 10, got 20",
                        "training.segmentSteps: must be a positive multiple of checkpointInterval (3), got 10",
                        "methods[1].label: method 'tonno' is listed twice; give one a distinct label, got null"),
                SpecValidator.problems(spec));
    }

    @Test
    void anEmaDecayOutsideZeroToOneIsRefusedAndAnAbsentOneStaysOutOfTheJson() throws Exception {
        TrainingSpec bad = new TrainingSpec(
                10, 2, 2, null, null, null, 5, null, null, 10, null, null, null, null, null, 1.0, null, null, null,
                null);
        ExperimentSpec spec = new ExperimentSpec(
                "e1", "d.json", null, false, null, bad, List.of(MethodSpec.of("tonno")), null, null, null, null);
        assertEquals(List.of("training.emaDecay: must be in [0, 1), got 1.0"), SpecValidator.problems(spec));
        // Older specs hash alike: a spec without the field writes none.
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(TrainingSpec.defaults());
        assertEquals(false, json.contains("emaDecay"), json);
    }

    @Test
    void validationPlanesOutsideTwoTo65536AreRefusedAndAbsentOnesStayOutOfTheJson() throws Exception {
        for (int planes : new int[] {1, 65537}) {
            TrainingSpec bad = new TrainingSpec(
                    10, 2, 2, null, null, null, 5, null, null, 10, null, null, null, null, null, null, null, planes,
                    null, null);
            ExperimentSpec spec = new ExperimentSpec(
                    "e1", "d.json", null, false, null, bad, List.of(MethodSpec.of("tonno")), null, null, null, null);
            assertEquals(
                    List.of("training.validationSlicesPerVolume: must be between 2 and 65536, got " + planes),
                    SpecValidator.problems(spec));
        }
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(TrainingSpec.defaults());
        assertEquals(false, json.contains("validationSlicesPerVolume"), json);
    }

    @Test
    void validationPlanesTakeTheTrainersFormsAndTwoPlanesPerNormal() throws Exception {
        Object[][] cases = {
            {"sweep", null, List.of()},
            {"sweep:8", 16, List.of()},
            {"lattice", 2, List.of()},
            {"sweep:32", null, List.of()},
            {
                "sweep:33",
                null,
                List.of("training.validationPlanes: needs at least 66 validation planes (2 per normal); raise"
                        + " training.validationSlicesPerVolume (64) or use fewer normals, got 'sweep:33'")
            },
            {
                "sweep",
                7,
                List.of("training.validationPlanes: needs at least 8 validation planes (2 per normal); raise"
                        + " training.validationSlicesPerVolume (7) or use fewer normals, got 'sweep'")
            },
            {
                "grid",
                null,
                List.of("training.validationPlanes: must be sweep, sweep:K with K in [1, 4096], or lattice, got 'grid'")
            },
            {
                "sweep:0",
                null,
                List.of(
                        "training.validationPlanes: must be sweep, sweep:K with K in [1, 4096], or lattice, got 'sweep:0'")
            },
        };
        for (Object[] c : cases) {
            Integer planes = (Integer) c[1];
            String scheme = (String) c[0];
            TrainingSpec t = new TrainingSpec(
                    10, 2, 2, null, null, null, 5, null, null, 10, null, null, null, null, null, null, null, planes,
                    scheme, null);
            ExperimentSpec spec = new ExperimentSpec(
                    "e1", "d.json", null, false, null, t, List.of(MethodSpec.of("tonno")), null, null, null, null);
            assertEquals(c[2], SpecValidator.problems(spec), c[0] + " with " + c[1]);
        }
    }

    @Test
    void theSequentialAugmentationIsRefusedForBatchesCutOnTheDevice() {
        TrainingSpec sequential = new TrainingSpec(
                10, 2, 2, null, null, null, 5, null, null, 10, null, null, null, null, null, null, false, null, null,
                null);
        java.util.function.Function<ModelSpec, ExperimentSpec> with = model -> new ExperimentSpec(
                "e1",
                "d.json",
                null,
                false,
                model,
                sequential,
                List.of(MethodSpec.of("tonno")),
                null,
                null,
                null,
                null);
        assertEquals(
                List.of("training.portableAugmentation: batches cut on the device (model.slicing device) need the"
                        + " portable augmentation; remove it or set model.slicing to host or auto, got false"),
                SpecValidator.problems(with.apply(slicing("device", "pytorch", "cpu", null))));
        assertEquals(
                List.of(),
                SpecValidator.problems(with.apply(slicing("auto", "pytorch", "gpu:0", null))),
                "auto then cuts the batches on the host");
    }
}
