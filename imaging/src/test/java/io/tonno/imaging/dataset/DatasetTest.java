package io.tonno.imaging.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.io.Nifti;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
    @TempDir
    Path dir;

    @BeforeEach
    void images() throws Exception {
        Files.createDirectories(dir.resolve("img"));
        for (String id : List.of("a", "b", "c", "d")) {
            Nifti.writeFloat32(Volume.zeros(6, 5, 4), dir.resolve("img/" + id + ".nii.gz"));
        }
        Nifti.writeUint8(Volume.zeros(6, 5, 4), dir.resolve("img/a_mask.nii.gz"));
        Nifti.writeUint8(Volume.zeros(6, 5, 3), dir.resolve("img/small_mask.nii.gz"));
        Nifti.writeUint8(
                Volume.zeros(
                        new int[] {6, 5, 4}, new double[] {2, 1, 1}, Volume.diagonalAffine(new double[] {2, 1, 1})),
                dir.resolve("img/shifted_mask.nii.gz"));
    }

    private Path json(String body) throws Exception {
        Path p = dir.resolve("dataset.json");
        Files.writeString(p, "{\"name\": \"t\", \"cases\": [" + body + "]}");
        return p;
    }

    @Test
    void loadsJsonManifestWithRelativePathsMaskAndBoxes() throws Exception {
        Dataset d = Dataset.load(json("""
                {"id":"a","image":"img/a.nii.gz","label":1,"mask":"img/a_mask.nii.gz","boxes":[[1,1,1,2,3,3]],"split":"train"},
                {"id":"b","image":"img/b.nii.gz","label":0,"split":"train"},
                {"id":"c","image":"img/c.nii.gz","label":0,"split":"calibration"},
                {"id":"d","image":"img/d.nii.gz","label":1,"split":"test"}"""));
        assertEquals("t", d.name());
        assertEquals(4, d.cases().size());
        CaseEntry a = d.cases().get(0);
        assertEquals(dir.resolve("img/a.nii.gz").toAbsolutePath(), a.image());
        assertEquals(dir.resolve("img/a_mask.nii.gz").toAbsolutePath(), a.mask());
        assertEquals(List.of(new Box(1, 1, 1, 2, 3, 3)), a.boxes());
        assertNull(d.cases().get(1).mask());
        assertEquals(Split.CALIBRATION, d.cases().get(2).split());
        assertEquals(2, d.cases(Split.TRAIN).size());
    }

    @Test
    void reportsEveryProblemAtOnce() throws Exception {
        Path m = json("""
                {"id":"a","image":"img/a.nii.gz","label":1,"mask":"img/small_mask.nii.gz","split":"train"},
                {"id":"a","image":"img/b.nii.gz","label":1,"split":"train"},
                {"id":"../etc","image":"img/c.nii.gz","label":0,"split":"test"},
                {"id":"x","image":"img/missing.nii.gz","label":0,"split":"test"},
                {"id":"y","image":"img/c.nii.gz","label":2,"split":"test"},
                {"id":"z","image":"img/d.nii.gz","label":1,"mask":"img/shifted_mask.nii.gz","split":"holdout"},
                {"id":"w","image":"img/d.nii.gz","label":0,"mask":"img/shifted_mask.nii.gz","boxes":[[0,0,0,9,1,1]],"split":"test"}""");
        InvalidInputException ex = assertThrows(InvalidInputException.class, () -> Dataset.load(m));
        String msg = ex.getMessage();
        assertTrue(msg.contains(m.toString()), msg);
        assertTrue(msg.contains("case \"a\".mask: shape [6, 5, 3] differs"), msg);
        assertTrue(msg.contains("case \"a\".id: duplicate id"), msg);
        assertTrue(msg.contains("cases[2].id: not safe as a storage key"), msg);
        assertTrue(msg.contains("case \"x\".image: file does not exist"), msg);
        assertTrue(msg.contains("cases[4].label: must be 0 or 1, got 2"), msg);
        assertTrue(msg.contains("cases[5].split: must be train, calibration or test"), msg);
        assertTrue(msg.contains("case \"w\".mask: affine differs"), msg);
        assertTrue(msg.contains("case \"w\".boxes[0]"), msg);
        assertTrue(msg.contains("split train: needs both classes"), msg);
        assertTrue(msg.startsWith(m + ": cases: 9 problem(s)"), msg);
    }

    @Test
    void loadsCsvManifestWithQuotedFieldsAndBoxes() throws Exception {
        Path p = dir.resolve("cases.csv");
        Files.writeString(p, """
                id,image,label,mask,boxes,split
                a,img/a.nii.gz,1,img/a_mask.nii.gz,"0 0 0 1 1 1;2 2 2 3 3 3",train
                b,"img/b.nii.gz",0,,,train
                """);
        Dataset d = Dataset.load(p);
        assertEquals("cases", d.name());
        assertEquals(2, d.cases().get(0).boxes().size());
        assertEquals(new Box(2, 2, 2, 3, 3, 3), d.cases().get(0).boxes().get(1));
        assertNull(d.cases().get(1).mask());
    }

    @Test
    void reportsCsvProblemsWithLineNumbers() throws Exception {
        Path p = dir.resolve("bad.csv");
        Files.writeString(p, """
                id,image,label,boxes,split
                a,img/a.nii.gz,1,0 0 0 1 1,train
                b,img/b.nii.gz,yes,,train
                c,img/c.nii.gz,0,train
                """);
        String msg =
                assertThrows(InvalidInputException.class, () -> Dataset.load(p)).getMessage();
        assertTrue(msg.contains("line 2.boxes[0]: must be 6 integers"), msg);
        assertTrue(msg.contains("line 3.label: must be 0 or 1, got yes"), msg);
        assertTrue(msg.contains("line 4: has 4 columns"), msg);
    }

    @Test
    void writesManifestThatLoadsBackEquallyInBothFormats() throws Exception {
        Dataset d = Dataset.load(json("""
                {"id":"a","image":"img/a.nii.gz","label":1,"mask":"img/a_mask.nii.gz","boxes":[[1,1,1,2,3,3]],"split":"train"},
                {"id":"b","image":"img/b.nii.gz","label":0,"split":"train"}"""));
        Path sub = dir.resolve("copy");
        Files.createDirectories(sub);
        d.write(sub.resolve("dataset.json"));
        String text = Files.readString(sub.resolve("dataset.json"));
        assertTrue(text.contains("\"../img/a.nii.gz\""), text);
        Dataset back = Dataset.load(sub.resolve("dataset.json"));
        assertEquals(d.cases(), back.cases());
        d.write(sub.resolve("dataset.csv"));
        assertEquals(d.cases(), Dataset.load(sub.resolve("dataset.csv")).cases());
    }

    @Test
    void refusesMissingManifestAndInvalidJson() throws Exception {
        assertEquals(
                "file",
                assertThrows(InvalidInputException.class, () -> Dataset.load(dir.resolve("none.json")))
                        .field());
        Path p = dir.resolve("broken.json");
        Files.writeString(p, "{\"cases\": [");
        assertEquals(
                "(json)",
                assertThrows(InvalidInputException.class, () -> Dataset.load(p)).field());
    }
}
