package io.tonno.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.tonno.classifier.archfixture.TemporalInScience;
import io.tonno.workflows.archfixture.DjlInWorkflows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module rules hold on the main classes of every module, and they fail on classes that break them. */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.tonno");
        // Every module's classes are on this module's class path: a rule over an empty set would pass vacuously.
        for (String pkg : new String[] {
            "io.tonno.imaging",
            "io.tonno.tomography",
            "io.tonno.classifier",
            "io.tonno.evaluation",
            "io.tonno.workflows",
            "io.tonno.activities",
            "io.tonno.cli.stack",
            "io.tonno.cli.local",
            "io.tonno.cli.bench"
        }) {
            assertTrue(main.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)), "no main class in " + pkg);
        }
    }

    @Test
    void everyModuleImportsOnlyWhatArchitectureMdAllows() {
        for (ArchRule rule : ArchitectureRules.MODULES) {
            rule.check(main);
        }
    }

    @Test
    void theCommandLinePackagesImportOnlyWhatArchitectureMdAllows() {
        for (ArchRule rule : ArchitectureRules.CLI_PACKAGES) {
            rule.check(main);
        }
    }

    @Test
    void aScienceClassThatImportsTemporalBreaksTheRule() {
        EvaluationResult result = ArchitectureRules.SCIENCE_IGNORES_ORCHESTRATION.evaluate(
                new ClassFileImporter().importClasses(TemporalInScience.class));
        assertTrue(result.hasViolation(), "a classifier class calling Workflow.sleep passed the rule");
        assertTrue(
                result.getFailureReport().toString().contains("io.temporal"),
                result.getFailureReport().toString());
    }

    @Test
    void aWorkflowClassThatImportsDjlBreaksTheRule() {
        EvaluationResult result = ArchitectureRules.WORKFLOWS_IGNORE_SCIENCE.evaluate(
                new ClassFileImporter().importClasses(DjlInWorkflows.class));
        assertTrue(result.hasViolation(), "a workflows class holding an NDArray passed the rule");
        assertTrue(
                result.getFailureReport().toString().contains("ai.djl"),
                result.getFailureReport().toString());
    }
}
