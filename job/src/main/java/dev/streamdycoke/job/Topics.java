package dev.streamdycoke.job;

import java.io.Serializable;
import java.util.List;

/**
 * The job's Kafka topics.
 *
 * @param frames Avro Frame records, keyed by camera_id
 * @param queries Avro Query records
 * @param answers Avro Answer records written by the job, keyed by query_id, transactionally
 * @param deadLetters Avro DeadLetter records: input the job could not use, with its reason
 */
public record Topics(String frames, String queries, String answers, String deadLetters)
    implements Serializable {
  public static final String DEFAULT_FRAMES = "frames";
  public static final String DEFAULT_QUERIES = "queries";
  public static final String DEFAULT_ANSWERS = "answers";
  public static final String DEFAULT_DEAD_LETTERS = "deadletter";

  public static Topics defaults() {
    return new Topics(DEFAULT_FRAMES, DEFAULT_QUERIES, DEFAULT_ANSWERS, DEFAULT_DEAD_LETTERS);
  }

  public List<String> all() {
    return List.of(frames, queries, answers, deadLetters);
  }
}
