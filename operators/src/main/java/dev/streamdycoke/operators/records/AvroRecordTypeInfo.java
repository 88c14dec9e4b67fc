package dev.streamdycoke.operators.records;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;

/**
 * Flink type information for a generated Avro record class ({@code Answer}, {@code DeadLetter})
 * that travels between operators, serialized with Flink's {@link AvroSerializer}.
 *
 * <p>Why not flink-avro's {@code AvroTypeInfo} (or {@code TypeInformation.of}, which builds one):
 * it analyses the class as a POJO, and the schemas module generates builder-only classes
 * (private fields, no setters) that are no valid POJO, so it fails with "Expecting type to be a
 * PojoTypeInfo". Avro serialization needs none of that, and this keeps the records off Kryo
 * ({@code pipeline.generic-types: false}).
 *
 * @param <T> the generated record class
 */
public final class AvroRecordTypeInfo<T extends SpecificRecord> extends TypeInformation<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> type;

  /** Type information for the generated class {@code type}. */
  public AvroRecordTypeInfo(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  /** Type information for {@code type}. */
  public static <T extends SpecificRecord> AvroRecordTypeInfo<T> forRecord(Class<T> type) {
    return new AvroRecordTypeInfo<>(type);
  }

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<T> getTypeClass() {
    return type;
  }

  /** Not a key: records are keyed by a field (query_id, camera_id), never as a whole. */
  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return new AvroSerializer<>(type);
  }

  @Override
  public String toString() {
    return "AvroRecord<" + type.getName() + ">";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AvroRecordTypeInfo<?> other && other.canEqual(this)
        && type.equals(other.type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public boolean canEqual(Object o) {
    return o instanceof AvroRecordTypeInfo;
  }
}
