package dev.streamdycoke.operators.query;

import static dev.streamdycoke.operators.query.TestQueries.query;
import static dev.streamdycoke.operators.query.TestQueries.record;
import static dev.streamdycoke.operators.query.TestQueries.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.operators.MeteredHarness;
import dev.streamdycoke.operators.records.CameraQuery;
import dev.streamdycoke.operators.records.RawRecord;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import dev.streamdycoke.schemas.DeadLetter;
import dev.streamdycoke.schemas.Query;
import dev.streamdycoke.schemas.RecordDecoder;
import dev.streamdycoke.schemas.registry.RegistryUnavailableException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

class QueryFanOutFunctionTest {

  private static final long NOW = 1_767_225_601_000L;

  private static <T> List<T> side(OneInputStreamOperatorTestHarness<?, ?> h, OutputTag<T> tag) {
    var records = h.getSideOutput(tag);
    return records == null
        ? List.of()
        : records.stream().map(StreamRecord::getValue).collect(Collectors.toList());
  }

  @Test
  void anUnreachableRegistryFailsTheTaskInsteadOfDeadLetteringTheQuery() throws Exception {
    RecordDecoder<Query> registry =
        message -> {
          throw new RegistryUnavailableException("registry down");
        };
    OneInputStreamOperatorTestHarness<RawRecord, CameraQuery> h =
        ProcessFunctionTestHarnesses.forProcessFunction(
            new QueryFanOutFunction(QueryLimits.defaults(), registry));

    assertThrows(
        RegistryUnavailableException.class,
        () -> h.processElement(record(1, new byte[] {0, 0, 0, 0, 1}), 1));

    assertNull(h.getSideOutput(QueryFanOutFunction.DEAD_LETTERS));
    h.close();
  }

  @Test
  void goodBadGoodKeepsFlowingWithRejectionsAndDeadLetters() throws Exception {
    OneInputStreamOperatorTestHarness<RawRecord, CameraQuery> h =
        ProcessFunctionTestHarnesses.forProcessFunction(new QueryFanOutFunction());
    h.setProcessingTime(NOW);
    byte[] garbage = {1, 2, 3};
    h.processElement(record(7, value(query("q-1", List.of("cam-1", "cam-2", "cam-1")))), 1);
    h.processElement(record(8, garbage), 2);
    h.processElement(record(9, value(query("q-3", List.of("cam-3", "")))), 3);
    h.processElement(record(10, value(query("q-4", List.of()))), 4);

    List<CameraQuery> out = h.extractOutputValues();
    assertEquals(
        List.of("q-1@cam-1", "q-1@cam-2", "q-3@cam-3"),
        out.stream().map(CameraQuery::toString).collect(Collectors.toList()));
    assertEquals(NOW, out.get(0).receivedAt);

    List<DeadLetter> letters = side(h, QueryFanOutFunction.DEAD_LETTERS);
    assertEquals(1, letters.size());
    DeadLetter d = letters.get(0);
    assertEquals("queries", d.getSourceTopic());
    assertEquals(1, d.getSourcePartition());
    assertEquals(8L, d.getSourceOffset());
    assertTrue(d.getReason().startsWith("NOT_AVRO: "), d.getReason());
    assertEquals(ByteBuffer.wrap(garbage), d.getRaw());
    assertEquals(3L, d.getRawSize());
    assertEquals(NOW, d.getTime().toEpochMilli());
    assertNull(d.getCameraId());

    List<Answer> rejected = side(h, QueryFanOutFunction.REJECTED);
    assertEquals(2, rejected.size());
    assertEquals("q-3", rejected.get(0).getQueryId());
    assertEquals("", rejected.get(0).getCameraId());
    assertEquals("q-4", rejected.get(1).getQueryId());
    assertEquals("*", rejected.get(1).getCameraId());
    rejected.forEach(a -> assertEquals(AnswerStatus.REJECTED, a.getStatus()));
    h.close();
  }

  @Test
  void functionSurvivesJavaSerializationAsTheJobGraphNeeds() throws Exception {
    QueryFanOutFunction copy =
        InstantiationUtil.clone(new QueryFanOutFunction(QueryLimits.defaults().withMaxCameras(1)));
    OneInputStreamOperatorTestHarness<RawRecord, CameraQuery> h =
        ProcessFunctionTestHarnesses.forProcessFunction(copy);
    h.processElement(record(1, value(query("q-1", List.of("cam-1", "cam-2")))), 1);
    assertEquals("*", side(h, QueryFanOutFunction.REJECTED).get(0).getCameraId());
    assertEquals(
        QueryFanOutFunction.REJECTED, InstantiationUtil.clone(QueryFanOutFunction.REJECTED));
    h.close();
  }

  @Test
  void countsQueries() throws Exception {
    try (MeteredHarness<RawRecord, CameraQuery> m =
        new MeteredHarness<>(new QueryFanOutFunction())) {
      m.harness().processElement(record(1, value(query("q-1", List.of("cam-1", "cam-2")))), 1);
      m.harness().processElement(record(2, value(query("q-2", List.of("cam-1", " ")))), 2);
      m.harness().processElement(record(3, value(query("q-3", List.of("cam-1"), "?", 0))), 3);
      // A tombstone without a key cancels nothing (a keyed one is a standing question's cancel).
      m.harness()
          .processElement(new RawRecord("queries", 1, 4, TestQueries.ISSUED_MS, null, null), 4);
      assertEquals(4, m.counter("queriesIn"));
      assertEquals(2, m.counter("queriesRejected"));
      assertEquals(1, m.counter("queriesDeadLettered"));
      assertEquals(3, m.harness().extractOutputValues().size());
    }
  }
}
