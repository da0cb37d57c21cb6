package io.tonno.activities.reconstruction;

import io.tonno.classifier.inference.Devices;
import io.tonno.classifier.inference.ModelFile;
import io.tonno.classifier.inference.ModelFormat;
import io.tonno.classifier.inference.ScoringEngine;
import io.tonno.classifier.inference.SliceModel;
import io.tonno.classifier.inference.Slicing;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.ResNetLayout;
import io.tonno.classifier.training.Checkpoint;
import io.tonno.imaging.InvalidInputException;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.spec.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Builds the trained network of an experiment on a device: a trainer checkpoint's, or the model a spec brings. */
public final class ExperimentNetworks {
    private ExperimentNetworks() {}

    /**
     * The network of {@code checkpoint} (a trainer checkpoint) for {@code model}; the caller closes it. Without
     * {@code model.norm} (training started from weights whose norm the trainer read from the file) the norm is the
     * checkpoint's: batch norm when it holds running statistics ({@code bn} and {@code frozen-bn} compute the same in
     * inference), else group norm.
     *
     * @param device the worker's device, used when {@code model.device} is {@code auto}
     */
    public static ResNet load(Path checkpoint, ModelSpec model, String device)
            throws IOException, InvalidInputException {
        Checkpoint ckpt = Checkpoint.read(checkpoint);
        NormKind norm = model.norm() != null
                ? NormKind.parse(model.norm())
                : ckpt.model().keySet().stream().anyMatch(k -> k.endsWith(".running_mean")) ? NormKind.BN : NormKind.GN;
        ResNetLayout layout = new ResNetLayout(Architecture.parse(model.arch()), norm, 1);
        return new ResNet(
                layout, InputNormalization.parse(model.inputNormalization()), device(model, device), ckpt.model());
    }

    /**
     * The model behind {@code key} for {@code model}; the caller closes it: the model the spec brings when
     * {@code model.file} is set ({@code file} is then the local copy of its content key, whose hash is checked), else
     * the trainer checkpoint's ResNet.
     *
     * @throws IOException when a brought model's local copy does not have the hash its key names (a damaged cache or
     *                     transfer: retrying fetches it again)
     */
    public static SliceModel loadModel(String key, Path file, ModelSpec model, String device)
            throws IOException, InvalidInputException {
        if (!model.brought()) {
            ResNet net = load(file, model, device);
            ScoringEngine engine = engine(model);
            Slicing slicing = slicing(model);
            return SliceModel.of(net, engine, slicing, "experiment spec", "model.scoringEngine", "model.slicing");
        }
        String expected = ArtifactKeys.broughtModelHash(key);
        if (expected == null) {
            throw new IllegalArgumentException("a brought model's key must be content-addressed, got " + key);
        }
        String actual = sha256(file);
        if (!expected.equals(actual)) {
            Files.deleteIfExists(file);
            throw new IOException(file + ": the cached copy of " + key + " has SHA-256 " + actual
                    + "; deleted, fetched again on retry");
        }
        try {
            return modelFile(file, model, "experiment spec").load(device(model, device), "model.norm", engine(model));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("experiment spec", "model.scoringEngine", e.getMessage());
        }
    }

    /** How {@code model} describes the brought file {@code local}. */
    public static ModelFile modelFile(Path local, ModelSpec model, String source) throws InvalidInputException {
        ModelFormat format = ModelFormat.resolve(model.format(), Path.of(model.file()), source, "model.format");
        try {
            return new ModelFile(
                    local,
                    format,
                    Architecture.parse(model.arch()),
                    model.norm() == null ? null : NormKind.parse(model.norm()),
                    InputNormalization.parse(model.inputNormalization()),
                    model.channels(),
                    model.positiveIndex(),
                    model.sliceSize(),
                    source + " model.file " + model.file());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(source, "model", e.getMessage());
        }
    }

    /** The SHA-256 of a file, lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static Slicing slicing(ModelSpec model) throws InvalidInputException {
        try {
            return Slicing.parse(model.slicing());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("experiment spec", "model.slicing", e.getMessage());
        }
    }

    private static ScoringEngine engine(ModelSpec model) throws InvalidInputException {
        try {
            return ScoringEngine.parse(model.scoringEngine());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("experiment spec", "model.scoringEngine", e.getMessage());
        }
    }

    private static ai.djl.Device device(ModelSpec model, String device) throws InvalidInputException {
        boolean auto = "auto".equals(model.device());
        return auto
                ? Devices.available(device, "worker settings", "device")
                : Devices.available(model.device(), "experiment spec", "model.device");
    }
}
