package io.tonno.workflows.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec rules that protect shared workers and storage keys from a pasted spec. */
class SpecSafetyTest {
    private static List<String> problemsOfId(String id) {
        return SpecValidator.problems(ExperimentSpec.minimal(id, "d.json"));
    }

    @Test
    void refusesExperimentIdsThatCouldLeaveTheExperimentFolder() {
        for (String id : new String[] {"../x", "..", ".hidden", "a..b", "/abs", "a/b", "a\\b", "exp\u0001", ""}) {
            List<String> p = problemsOfId(id);
            assertEquals(1, p.size(), id + " -> " + p);
            assertTrue(p.get(0).startsWith("experimentId: "), p.get(0));
        }
        assertEquals(List.of(), problemsOfId("brain-mri_01.v2"));
    }

    @Test
    void quotesControlCharactersAsEscapesSoMessagesStayOnOneLine() {
        String p = problemsOfId("exp\u0001\n").get(0);
        assertTrue(p.contains("'exp\\u0001\\u000a'"), p);
        assertTrue(p.lines().count() == 1, p);
    }

    @Test
    void reportsAHugeMethodListAsOneProblem() {
        List<MethodSpec> methods = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            methods.add(MethodSpec.of("tonno"));
        }
        ExperimentSpec spec =
                new ExperimentSpec("e", "d.json", null, false, null, null, methods, null, null, null, null);
        assertEquals(List.of("methods: must list at most 32 methods, got 5000"), SpecValidator.problems(spec));
    }

    @Test
    void datasetMustNameAManifest() {
        assertEquals(
                List.of("dataset: must name a dataset manifest ending in .json or .csv, got '/etc/passwd'"),
                SpecValidator.problems(ExperimentSpec.minimal("e", "/etc/passwd")));
        assertEquals(List.of(), SpecValidator.problems(ExperimentSpec.minimal("e", "data/cases.csv")));
        assertTrue(SpecValidator.problems(ExperimentSpec.minimal("e", "d\u0000.json"))
                .get(0)
                .contains("control characters"));
    }
}
