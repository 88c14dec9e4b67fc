package dev.streamdycoke.dist;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The modules' main classes depend one way: schemas and model at the bottom, then operators and the
 * job (what the cluster runs); the simulator, the trainer, the command line and the benchmarks
 * build on them and nothing the cluster runs builds on those. A class put in the wrong module, or
 * an import that reaches the wrong way, fails here before it reaches the cluster jar (whose
 * contents DockerLayoutTest checks).
 */
@AnalyzeClasses(packages = "dev.streamdycoke", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleLayeringTest {
  @ArchTest
  static final ArchRule modulesDependOneWay =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("schemas")
          .definedBy("dev.streamdycoke.schemas..")
          .layer("model")
          .definedBy("dev.streamdycoke.model..")
          .layer("operators")
          .definedBy("dev.streamdycoke.operators..")
          .layer("job")
          .definedBy("dev.streamdycoke.job..")
          .layer("simulator")
          .definedBy("dev.streamdycoke.simulator..")
          .layer("training")
          .definedBy("dev.streamdycoke.training..")
          .layer("cli")
          .definedBy("dev.streamdycoke.cli..")
          .layer("benchmarks")
          .definedBy("dev.streamdycoke.benchmarks..")
          .whereLayer("benchmarks")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("cli")
          .mayOnlyBeAccessedByLayers("benchmarks")
          .whereLayer("training")
          .mayOnlyBeAccessedByLayers("benchmarks")
          .whereLayer("simulator")
          .mayOnlyBeAccessedByLayers("training", "cli", "benchmarks")
          .whereLayer("job")
          .mayOnlyBeAccessedByLayers("cli", "benchmarks")
          .whereLayer("operators")
          .mayOnlyBeAccessedByLayers("job", "training", "cli", "benchmarks")
          .whereLayer("model")
          .mayOnlyBeAccessedByLayers(
              "operators", "job", "simulator", "training", "cli", "benchmarks")
          .whereLayer("schemas")
          .mayOnlyBeAccessedByLayers(
              "operators", "job", "simulator", "training", "cli", "benchmarks");

  /** The model runtime and the Avro contracts run without Flink (and the model without Kafka). */
  @ArchTest
  static final ArchRule modelAndSchemasAreFlinkFree =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.streamdycoke.model..",
              "dev.streamdycoke.schemas..",
              "dev.streamdycoke.simulator..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.flink..", "org.apache.kafka..");

  /** What the cluster runs never reaches the broker, the launcher or the command line's parts. */
  @ArchTest
  static final ArchRule clusterCodeNeedsNoBroker =
      noClasses()
          .that()
          .resideInAnyPackage("dev.streamdycoke.job..", "dev.streamdycoke.operators..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "kafka..", "org.apache.kafka.server..", "org.apache.kafka.raft..", "org.bytedeco..");

  @ArchTest
  static final ArchRule modulesHaveNoCycles =
      slices().matching("dev.streamdycoke.(*)..").should().beFreeOfCycles();
}
