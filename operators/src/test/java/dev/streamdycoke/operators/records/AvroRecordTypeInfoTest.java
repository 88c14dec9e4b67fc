package dev.streamdycoke.operators.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import dev.streamdycoke.schemas.DeadLetter;
import dev.streamdycoke.schemas.DeadLetters;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class AvroRecordTypeInfoTest {

  private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(value, out);
    return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }

  @Test
  void deadLettersAndAnswersSurviveFlinkSerialization() throws Exception {
    DeadLetter letter = DeadLetters.of("frames", 3, 99L, "NOT_AVRO: test", new byte[] {1, 2, 3},
        Instant.ofEpochMilli(1_767_225_600_123L), "cam-7");
    TypeSerializer<DeadLetter> letters =
        AvroRecordTypeInfo.forRecord(DeadLetter.class).createSerializer(new SerializerConfigImpl());
    assertEquals(letter, roundTrip(letters, letter));
    assertEquals(letter, letters.copy(letter));

    Answer answer = Answers.error("q", "cam", "why?", AnswerStatus.REJECTED, "no", 5L);
    TypeSerializer<Answer> answers =
        AvroRecordTypeInfo.forRecord(Answer.class).createSerializer(new SerializerConfigImpl());
    assertEquals(answer, roundTrip(answers, answer));
  }

  @Test
  void equalityFollowsTheRecordClass() {
    assertEquals(AvroRecordTypeInfo.forRecord(Answer.class), AvroRecordTypeInfo.forRecord(Answer.class));
    assertEquals(AvroRecordTypeInfo.forRecord(Answer.class).hashCode(),
        AvroRecordTypeInfo.forRecord(Answer.class).hashCode());
    assertEquals(false, AvroRecordTypeInfo.forRecord(Answer.class)
        .equals(AvroRecordTypeInfo.forRecord(DeadLetter.class)));
  }
}
