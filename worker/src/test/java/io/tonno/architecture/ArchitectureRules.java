package io.tonno.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import io.tonno.activities.reconstruction.MethodSpecs;
import io.tonno.activities.training.TrainingSpecs;
import io.tonno.classifier.nn.Engines;
import java.util.List;

/**
 * The module rules of ARCHITECTURE.md as ArchUnit rules: what each module's packages may import. Each rule
 * names the module and the packages it must not reach; {@link ArchitectureTest} checks them on the main
 * classes of every module and shows, on fixture classes, that a violation fails.
 */
final class ArchitectureRules {
    static final String IMAGING = "io.tonno.imaging..";
    static final String TOMOGRAPHY = "io.tonno.tomography..";
    static final String CLASSIFIER = "io.tonno.classifier..";
    static final String EVALUATION = "io.tonno.evaluation..";
    static final String WORKFLOWS = "io.tonno.workflows..";
    static final String ACTIVITIES = "io.tonno.activities..";
    static final String CLI = "io.tonno.cli..";
    static final String TEMPORAL = "io.temporal..";
    static final String MINIO = "io.minio..";
    static final String DJL = "ai.djl..";

    /** The science modules know nothing of Temporal, the artifact store, the orchestration or the CLI. */
    static final ArchRule SCIENCE_IGNORES_ORCHESTRATION = noClasses()
            .that()
            .resideInAnyPackage(IMAGING, TOMOGRAPHY, CLASSIFIER, EVALUATION)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(TEMPORAL, MINIO, WORKFLOWS, ACTIVITIES, CLI)
            .because("the science modules are tested with plain JUnit on arrays and files (ARCHITECTURE.md)");

    /** The orchestration contract knows nothing of the science, DJL, MinIO or the files. */
    static final ArchRule WORKFLOWS_IGNORE_SCIENCE = noClasses()
            .that()
            .resideInAPackage(WORKFLOWS)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    DJL, MINIO, IMAGING, TOMOGRAPHY, CLASSIFIER, EVALUATION, ACTIVITIES, CLI, "java.nio.file..")
            .because("workflows may use the Temporal SDK and Jackson annotations only (ARCHITECTURE.md)");

    /** imaging is the bottom of the science: it depends on no other module of ours. */
    static final ArchRule IMAGING_IS_THE_BASE = noClasses()
            .that()
            .resideInAPackage(IMAGING)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(TOMOGRAPHY, CLASSIFIER, EVALUATION)
            .because("imaging depends on nothing of ours (ARCHITECTURE.md)");

    /** tomography sees imaging only; the network comes in through its scorer interfaces. */
    static final ArchRule TOMOGRAPHY_SEES_IMAGING_ONLY = noClasses()
            .that()
            .resideInAPackage(TOMOGRAPHY)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(CLASSIFIER, EVALUATION, DJL)
            .because("scores reach the reconstruction through SliceScorer and SliceMapScorer (ARCHITECTURE.md)");

    /** classifier sees imaging and tomography; evaluation sees imaging; neither sees the other. */
    static final ArchRule CLASSIFIER_AND_EVALUATION_ARE_APART = noClasses()
            .that()
            .resideInAPackage(EVALUATION)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(CLASSIFIER, TOMOGRAPHY, DJL)
            .because("evaluation scores heatmaps as volumes, whatever made them (ARCHITECTURE.md)");

    static final ArchRule CLASSIFIER_IGNORES_EVALUATION = noClasses()
            .that()
            .resideInAPackage(CLASSIFIER)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(EVALUATION)
            .because("classifier may depend on imaging and tomography only (ARCHITECTURE.md)");

    /** Activities adapt the science to the workflows; the command line is above them. */
    static final ArchRule ACTIVITIES_IGNORE_THE_CLI = noClasses()
            .that()
            .resideInAPackage(ACTIVITIES)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(CLI)
            .because("the worker's command line assembles activities, never the reverse (ARCHITECTURE.md)");

    static final String STACK = "io.tonno.cli.stack..";
    static final String SPEC = "io.tonno.workflows.spec..";
    static final String LOCAL = "io.tonno.cli.local..";
    static final String BENCH = "io.tonno.cli.bench..";

    /**
     * The local pipeline (the verbs that run a stage by hand) calls the science modules' own entry points: no
     * Temporal, no workflow code, no activity implementation, no stack and no bench. It may use the experiment
     * spec's records ({@code io.tonno.workflows.spec}, plain Jackson records) and the two functions that turn them
     * into the science's settings ({@code MethodSpecs}, {@code TrainingSpecs}), so that {@code tonno compare} names,
     * describes and configures its rows exactly as an experiment does.
     */
    static final ArchRule LOCAL_PIPELINE_IS_SCIENCE_ONLY = noClasses()
            .that()
            .resideInAPackage(LOCAL)
            .should()
            .dependOnClassesThat(
                    JavaClass.Predicates.resideInAnyPackage(TEMPORAL, MINIO, WORKFLOWS, ACTIVITIES, STACK, BENCH)
                            .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage(SPEC)))
                            .and(DescribedPredicate.not(
                                    JavaClass.Predicates.belongToAnyOf(MethodSpecs.class, TrainingSpecs.class))))
            .because("the local verbs run without services, through the science modules (ARCHITECTURE.md)");

    /**
     * The stack (worker, embedded stack, demo, submit, status, resume) reaches the science through activities.
     * One named exception: a worker that serves the GPU queue runs the engine's self-check
     * ({@link Engines#verifyDevice}: the device exists and convolves like the CPU) before it polls, so that a misconfigured machine refuses work at start.
     */
    static final ArchRule STACK_GOES_THROUGH_ACTIVITIES = noClasses()
            .that()
            .resideInAPackage(STACK)
            .should()
            .dependOnClassesThat(
                    JavaClass.Predicates.resideInAnyPackage(LOCAL, BENCH, TOMOGRAPHY, CLASSIFIER, EVALUATION, DJL)
                            .and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(Engines.class))))
            .because("the stack assembles workflows and activities; the science is the activities' business "
                    + "(ARCHITECTURE.md)");

    /** What the packages share (exit codes, JSON output, progress display) depends on none of them. */
    static final ArchRule SHARED_CLI_IS_AT_THE_BOTTOM = noClasses()
            .that()
            .resideInAPackage("io.tonno.cli")
            .and()
            .doNotHaveSimpleName("Tonno")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(STACK, LOCAL, BENCH)
            .because("only the entry point Tonno lists the verbs of every package (ARCHITECTURE.md)");

    /** The spec records are data: Jackson annotations, no Temporal, so that the local verbs may share them. */
    static final ArchRule SPEC_RECORDS_ARE_PLAIN_DATA = noClasses()
            .that()
            .resideInAPackage(SPEC)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(TEMPORAL, MINIO, DJL)
            .because("tonno compare shares the experiment spec's records (ARCHITECTURE.md)");

    static final List<ArchRule> CLI_PACKAGES = List.of(
            LOCAL_PIPELINE_IS_SCIENCE_ONLY,
            STACK_GOES_THROUGH_ACTIVITIES,
            SHARED_CLI_IS_AT_THE_BOTTOM,
            SPEC_RECORDS_ARE_PLAIN_DATA);

    static final List<ArchRule> MODULES = List.of(
            SCIENCE_IGNORES_ORCHESTRATION,
            WORKFLOWS_IGNORE_SCIENCE,
            IMAGING_IS_THE_BASE,
            TOMOGRAPHY_SEES_IMAGING_ONLY,
            CLASSIFIER_AND_EVALUATION_ARE_APART,
            CLASSIFIER_IGNORES_EVALUATION,
            ACTIVITIES_IGNORE_THE_CLI);

    private ArchitectureRules() {}
}
