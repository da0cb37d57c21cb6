package io.tonno.imaging.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.io.Nifti;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Dataset#loadConfined}: an experiment's manifest may only name files inside its own folder. */
class DatasetConfinementTest {
    @TempDir
    Path dir;

    private Path manifest(String image) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Volume v = new Volume(
                new int[] {4, 4, 4},
                new double[] {1, 1, 1},
                new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1},
                new float[64]);
        for (String name : new String[] {"a.nii", "b.nii", "c.nii"}) {
            Nifti.writeFloat32(v, data.resolve(name));
        }
        Nifti.writeFloat32(v, dir.resolve("outside.nii"));
        Path m = data.resolve("dataset.json");
        Files.writeString(
                m,
                "{\"cases\": [{\"id\": \"x\", \"image\": \"" + image + "\", \"label\": 1, \"split\": \"test\"},"
                        + "{\"id\": \"a\", \"image\": \"a.nii\", \"label\": 0, \"split\": \"train\"},"
                        + "{\"id\": \"b\", \"image\": \"b.nii\", \"label\": 1, \"split\": \"train\"}]}");
        return m;
    }

    private String refusal(String image) throws Exception {
        Path m = manifest(image);
        return assertThrows(InvalidInputException.class, () -> Dataset.loadConfined(m))
                .getMessage();
    }

    @Test
    void refusesAbsoluteEscapingAndControlCharacterPaths() throws Exception {
        String outside = dir.resolve("outside.nii").toString().replace("\\", "\\\\");
        assertTrue(refusal(outside).contains("cases[0].image: absolute path"), refusal(outside));
        assertTrue(
                refusal("../outside.nii").contains("cases[0].image: path ../outside.nii leaves the manifest folder"));
        String control = refusal("c\\u0007.nii");
        assertTrue(control.contains("contains control characters") && control.contains("\\u0007"), control);
    }

    @Test
    void refusesASymbolicLinkOutOfTheFolder() throws Exception {
        Path m = manifest("link.nii");
        Files.createSymbolicLink(dir.resolve("data/link.nii"), dir.resolve("outside.nii"));
        String msg = assertThrows(InvalidInputException.class, () -> Dataset.loadConfined(m))
                .getMessage();
        assertTrue(msg.contains("through a symbolic link"), msg);
    }

    @Test
    void acceptsPathsInsideTheFolderAndLocalLoadingStillAcceptsAbsolutePaths() throws Exception {
        assertEquals(3, Dataset.loadConfined(manifest("./sub/../c.nii")).cases().size());
        String outside = dir.resolve("outside.nii").toString().replace("\\", "\\\\");
        assertEquals(3, Dataset.load(manifest(outside)).cases().size());
    }

    @Test
    void unsafeIdsAreQuotedWithEscapes() throws Exception {
        Path m = manifest("c.nii");
        Files.writeString(m, Files.readString(m).replace("\"id\": \"x\"", "\"id\": \"x\\u0001y\""));
        String msg =
                assertThrows(InvalidInputException.class, () -> Dataset.load(m)).getMessage();
        assertTrue(msg.contains("x\\u0001y") && msg.lines().noneMatch(l -> l.contains("\u0001")), msg);
    }
}
