package dev.streamdycoke.operators.query;

import dev.streamdycoke.operators.records.RawRecord;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Query;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Query records for tests. */
final class TestQueries {

  static final AvroCodec<Query> CODEC = AvroCodec.queries();
  static final long ISSUED_MS = 1_767_225_600_000L;

  private TestQueries() {}

  static Query query(String id, List<String> cameras, String question, int maxNewTokens) {
    return Query.newBuilder()
        .setQueryId(id)
        .setCameraIds(cameras)
        .setQuestion(question)
        .setIssuedAt(Instant.ofEpochMilli(ISSUED_MS))
        .setMaxNewTokens(maxNewTokens)
        .setDeadline(Instant.ofEpochMilli(ISSUED_MS + 5_000))
        .build();
  }

  static Query query(String id, List<String> cameras) {
    return query(id, cameras, "How many people?", 32);
  }

  static byte[] value(Query q) {
    return CODEC.encode(q);
  }

  static RawRecord record(long offset, byte[] value) {
    return new RawRecord(
        "queries", 1, offset, ISSUED_MS + 3, "q".getBytes(StandardCharsets.UTF_8), value);
  }
}
