package dev.streamdycoke.cli.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The cluster layout the build writes to {@code dist/target/flink-dist}: {@code flink/} holds
 * Flink's own jars from Maven Central (what the Flink tarball's {@code lib/} holds), {@code lib/}
 * DJL (the images copy this same folder into {@code /opt/flink/lib}), {@code usrlib/} the job jar,
 * and {@code conf/jvm-flink.args} Flink's Java 17 module flags.
 */
public record FlinkDistribution(Path root) {
  /** System property naming the layout; the launcher script and the tests set it. */
  public static final String PROPERTY = "streamdycoke.dist";

  /**
   * The given folder, else the one named by {@value #PROPERTY}, else {@code dist/target/flink-dist}
   * here.
   */
  public static FlinkDistribution locate(Path given) {
    if (given != null) {
      return new FlinkDistribution(given.toAbsolutePath());
    }
    String property = System.getProperty(PROPERTY);
    Path root = property != null ? Path.of(property) : Path.of("dist", "target", "flink-dist");
    return new FlinkDistribution(root.toAbsolutePath().normalize());
  }

  public Path flinkJars() {
    return root.resolve("flink");
  }

  public Path lib() {
    return root.resolve("lib");
  }

  public Path jobJar() {
    return root.resolve("usrlib").resolve("streamdycoke-job.jar");
  }

  public Path jvmArgsFile() {
    return root.resolve("conf").resolve("jvm-flink.args");
  }

  /**
   * The classpath of the JobManager and TaskManagers: Flink, then lib/, as Flink's scripts build
   * it.
   */
  public String classpath() {
    return flinkJars().resolve("*") + java.io.File.pathSeparator + lib().resolve("*");
  }

  /**
   * @throws IllegalStateException naming what is missing and how to build it
   */
  public FlinkDistribution check() {
    for (Path required : List.of(flinkJars(), lib(), jobJar(), jvmArgsFile())) {
      if (!Files.exists(required)) {
        throw new IllegalStateException(
            "no Flink cluster layout at "
                + root
                + " (missing "
                + required
                + "); build it with: mvn -B -DskipTests package");
      }
    }
    return this;
  }
}
