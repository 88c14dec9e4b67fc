package dev.streamdycoke.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Every record, enum and field the job ships must say what it means. */
class SchemaDocsTest {

  private static final Path AVRO_DIR = Path.of("src", "main", "avro");

  private static List<Schema> shippedSchemas() throws IOException {
    List<Schema> all = new ArrayList<>();
    // The source files, so a new .avsc is covered even before anyone registers it.
    try (Stream<Path> files = Files.list(AVRO_DIR)) {
      for (Path p :
          files.filter(f -> f.toString().endsWith(".avsc")).sorted().collect(Collectors.toList())) {
        all.add(new Schema.Parser().parse(p.toFile()));
      }
    }
    for (Class<? extends SpecificRecord> type : SchemaHistory.currentTypes()) {
      all.add(SchemaHistory.currentSchema(type));
      all.addAll(SchemaHistory.olderVersions(type));
    }
    return all;
  }

  @Test
  void everyNamedTypeAndFieldHasADoc() throws IOException {
    List<String> missing = new ArrayList<>();
    Set<Schema> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    int fields = 0;
    for (Schema s : shippedSchemas()) {
      fields += walk(s, s.getFullName(), missing, seen);
    }
    assertTrue(missing.isEmpty(), "missing doc: " + missing);
    assertTrue(fields > 40, "walked only " + fields + " fields");
  }

  private static int walk(Schema s, String path, List<String> missing, Set<Schema> seen) {
    if (!seen.add(s)) {
      return 0;
    }
    int fields = 0;
    switch (s.getType()) {
      case RECORD:
        checkDoc(s.getDoc(), path, missing);
        for (Schema.Field f : s.getFields()) {
          fields++;
          checkDoc(f.doc(), path + "." + f.name(), missing);
          fields += walk(f.schema(), path + "." + f.name(), missing, seen);
        }
        break;
      case ENUM:
      case FIXED:
        checkDoc(s.getDoc(), path + " (" + s.getFullName() + ")", missing);
        break;
      case UNION:
        for (Schema branch : s.getTypes()) {
          fields += walk(branch, path, missing, seen);
        }
        break;
      case ARRAY:
        fields += walk(s.getElementType(), path + "[]", missing, seen);
        break;
      case MAP:
        fields += walk(s.getValueType(), path + "{}", missing, seen);
        break;
      default:
        break;
    }
    return fields;
  }

  private static void checkDoc(String doc, String where, List<String> missing) {
    if (doc == null || doc.isBlank()) {
      missing.add(where);
    }
  }

  @Test
  void everySourceSchemaIsAContractTypeInTheRightNamespace() throws IOException {
    Set<String> inFiles = new TreeSet<>();
    try (Stream<Path> files = Files.list(AVRO_DIR)) {
      for (Path p :
          files.filter(f -> f.toString().endsWith(".avsc")).collect(Collectors.toList())) {
        Schema s = new Schema.Parser().parse(p.toFile());
        assertEquals("dev.streamdycoke.schemas", s.getNamespace(), p.toString());
        assertEquals(p.getFileName().toString(), s.getName() + ".avsc");
        inFiles.add(s.getFullName());
      }
    }
    Set<String> registered =
        SchemaHistory.currentTypes().stream()
            .map(Class::getName)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(registered, inFiles);
    assertFalse(inFiles.isEmpty());
  }
}
