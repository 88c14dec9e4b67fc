package dev.streamdycoke.operators.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import dev.streamdycoke.schemas.DeadLetter;
import dev.streamdycoke.schemas.DeadLetters;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.junit.jupiter.api.Test;

/**
 * Answers and dead letters travel between operators as Avro records, serialized by Avro, not Kryo.
 */
class AvroTypesTest {

  private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(value, out);
    return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }

  @Test
  void deadLettersAndAnswersSurviveFlinkSerialization() throws Exception {
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);

    TypeInformation<DeadLetter> letterType = TypeInformation.of(DeadLetter.class);
    assertInstanceOf(AvroTypeInfo.class, letterType);
    DeadLetter letter =
        DeadLetters.of(
            "frames",
            3,
            99L,
            "NOT_AVRO: test",
            new byte[] {1, 2, 3},
            Instant.ofEpochMilli(1_767_225_600_123L),
            "cam-7");
    assertEquals(letter, roundTrip(letterType.createSerializer(noKryo), letter));

    TypeInformation<Answer> answerType = TypeInformation.of(Answer.class);
    assertInstanceOf(AvroTypeInfo.class, answerType);
    Answer answer = Answers.error("q", "cam", "why?", AnswerStatus.REJECTED, "no", 5L);
    assertEquals(answer, roundTrip(answerType.createSerializer(noKryo), answer));
  }
}
