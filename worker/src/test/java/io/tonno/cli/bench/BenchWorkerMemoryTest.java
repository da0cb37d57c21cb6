package io.tonno.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.activities.support.TonnoJson;
import io.tonno.workflows.spec.ExperimentSpec;
import io.tonno.workflows.spec.SpecValidator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code tonno bench worker-memory} without running it: its experiment spec and its summary line. */
public class BenchWorkerMemoryTest {
    @Test
    void specPlansOneSegmentMoreThanMeasuredAndIsValid() throws Exception {
        for (String[] args :
                List.of(new String[] {}, new String[] {"--segment-steps", "30", "--segments", "2"}, new String[] {
                    "--segment-steps", "200", "--norm", "bn"
                })) {
            BenchWorkerMemory bench = new BenchWorkerMemory();
            new CommandLine(bench).parseArgs(args);
            ExperimentSpec spec = TonnoJson.newMapper()
                    .readValue(bench.spec("worker-memory-00", Path.of("/data/dataset.json")), ExperimentSpec.class);
            assertEquals(List.of(), SpecValidator.problems(spec), String.join(" ", args));
            assertEquals(bench.segmentSteps, spec.training().segmentSteps());
            assertEquals(
                    (bench.segments + 1) * bench.segmentSteps, spec.training().steps());
            assertEquals(0, spec.training().segmentSteps() % spec.training().checkpointInterval());
            assertEquals("resnet10t", spec.model().arch());
            assertEquals(64, spec.model().sliceSize());
            assertEquals(8, spec.training().volumesPerBatch());
            assertEquals(16, spec.training().slicesPerVolume());
        }
    }

    @Test
    void summaryComparesTheFirstAndTheLastSegmentEnd() {
        List<BenchWorkerMemory.SegmentEnd> ends = List.of(
                new BenchWorkerMemory.SegmentEnd("a", 1, 100, 10, 1000),
                new BenchWorkerMemory.SegmentEnd("a", 2, 200, 20, 1200),
                new BenchWorkerMemory.SegmentEnd("b", 1, 100, 30, 1050));
        Map<String, Object> s = BenchWorkerMemory.summary(ends, 1, 2, 0);
        assertEquals(1000L, s.get("rssAfterFirstSegmentMiB"));
        assertEquals(1050L, s.get("rssAtEndMiB"));
        assertEquals(1.05, (double) s.get("ratio"), 1e-9);
        assertEquals(List.of(1000L, 1200L, 1050L), s.get("segmentEndsMiB"));
        assertEquals(null, s.get("nativeRatio"));
        Map<String, Object> pretouched = BenchWorkerMemory.summary(ends, 1, 2, 500);
        assertEquals(500L, pretouched.get("nativeAfterFirstSegmentMiB"));
        assertEquals(550L, pretouched.get("nativeAtEndMiB"));
        assertEquals(1.1, (double) pretouched.get("nativeRatio"), 1e-9);
        assertEquals(1024, BenchWorkerMemory.heapMib("1g"));
        assertEquals(1536, BenchWorkerMemory.heapMib("1536M"));
        assertTrue(Double.isNaN(
                (double) BenchWorkerMemory.summary(ends.subList(0, 1), 1, 1, 0).get("ratio")));
    }
}
