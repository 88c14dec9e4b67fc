package dev.streamdycoke.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The schemas the job ships: the current version of each contract type, and the older writer
 * versions it still accepts.
 *
 * <p>Older versions live as {@code .avsc} resources under {@code dev/streamdycoke/schemas/history/}
 * and are listed here explicitly rather than discovered, because classpath directory listing does
 * not work reliably inside jars and a missing file should fail loudly, not shrink the set of
 * accepted producers. When a contract changes, the schema it replaces is copied there as the next
 * {@code -vN.avsc} and added to {@link #OLDER}.
 */
public final class SchemaHistory {

  private static final String RESOURCE_DIR = "history/";

  private static final List<Class<? extends SpecificRecord>> CURRENT =
      List.of(Frame.class, Query.class, Answer.class, DeadLetter.class);

  /** Older versions per record full name, oldest first; version N is at index N - 1. */
  private static final Map<String, List<String>> OLDER =
      Map.of(
          Frame.class.getName(), List.of("Frame-v1.avsc"),
          Query.class.getName(), List.of("Query-v1.avsc", "Query-v2.avsc"),
          Answer.class.getName(), List.of("Answer-v1.avsc", "Answer-v2.avsc"));

  private SchemaHistory() {}

  /** The top-level contract types, in the order the architecture lists them. */
  public static List<Class<? extends SpecificRecord>> currentTypes() {
    return CURRENT;
  }

  /** The current (reader) schema of a generated contract class. */
  public static Schema currentSchema(Class<? extends SpecificRecord> type) {
    return SpecificData.get().getSchema(type);
  }

  /**
   * Older writer schemas accepted for {@code type}, oldest first; empty when the type has never
   * changed.
   */
  public static List<Schema> olderVersions(Class<? extends SpecificRecord> type) {
    return olderVersions(type.getName());
  }

  /** As {@link #olderVersions(Class)}, by Avro full name. */
  public static List<Schema> olderVersions(String fullName) {
    return Loaded.OLDER_SCHEMAS.getOrDefault(fullName, List.of());
  }

  /**
   * Names the shipped schema with this CRC-64-AVRO fingerprint, e.g. {@code
   * dev.streamdycoke.schemas.Query v1}; used to make "unknown schema" errors say what a message
   * actually is when it landed on the wrong topic.
   */
  public static Optional<String> identify(long fingerprint) {
    return Optional.ofNullable(Loaded.BY_FINGERPRINT.get(fingerprint));
  }

  /** Loaded on first use so a broken resource surfaces where the codec is built. */
  private static final class Loaded {
    static final Map<String, List<Schema>> OLDER_SCHEMAS = new LinkedHashMap<>();
    static final Map<Long, String> BY_FINGERPRINT = new LinkedHashMap<>();

    static {
      for (Class<? extends SpecificRecord> type : CURRENT) {
        Schema current = currentSchema(type);
        BY_FINGERPRINT.put(
            SchemaNormalization.parsingFingerprint64(current),
            current.getFullName() + " (current)");
        List<Schema> older = new ArrayList<>();
        int version = 1;
        for (String resource : OLDER.getOrDefault(type.getName(), List.of())) {
          Schema s = load(resource);
          if (!s.getFullName().equals(current.getFullName())) {
            throw new IllegalStateException(
                RESOURCE_DIR
                    + resource
                    + " defines "
                    + s.getFullName()
                    + ", expected "
                    + current.getFullName());
          }
          older.add(s);
          BY_FINGERPRINT.putIfAbsent(
              SchemaNormalization.parsingFingerprint64(s), s.getFullName() + " v" + version++);
        }
        OLDER_SCHEMAS.put(type.getName(), List.copyOf(older));
      }
    }

    private static Schema load(String resource) {
      try (InputStream in = SchemaHistory.class.getResourceAsStream(RESOURCE_DIR + resource)) {
        if (in == null) {
          throw new IllegalStateException(
              "schema resource " + RESOURCE_DIR + resource + " is missing from the classpath");
        }
        // A fresh parser per file: every version of a type reuses the same full name.
        return new Schema.Parser().parse(in);
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot read schema resource " + RESOURCE_DIR + resource, e);
      }
    }
  }
}
