package dev.streamdycoke.operators.query;

import dev.streamdycoke.operators.records.Answers;
import dev.streamdycoke.operators.records.CameraQuery;
import dev.streamdycoke.operators.standing.StandingControl;
import dev.streamdycoke.operators.standing.StandingLimits;
import dev.streamdycoke.operators.standing.StandingRule;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Query;
import dev.streamdycoke.schemas.RecordDecoder;
import dev.streamdycoke.schemas.UndecodableRecordException;
import dev.streamdycoke.schemas.UndecodableRecordException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Splits a client {@link Query} into one {@link CameraQuery} per distinct camera, or answers it at
 * once with REJECTED {@link Answer}s when it asks for something the job will not do.
 *
 * <ul>
 *   <li>Undecodable bytes, and queries whose query_id is blank or too long (no client could match
 *       an answer to them), are dead letters: {@link UndecodableRecordException}.
 *   <li>A problem with the query as a whole (question empty or too long, max_new_tokens out of
 *       range) rejects every camera, one answer each, all reasons joined. With no cameras or too
 *       many, there is exactly one answer, for camera {@value #ALL_CAMERAS}, so a query naming
 *       10,000 cameras does not produce 10,000 answers.
 *   <li>A blank or over-long camera id rejects that entry only.
 *   <li>Duplicate camera ids are answered once, in order of first appearance.
 * </ul>
 *
 * <p>A query with a standing spec (docs/standing-questions.md) does not fan out here: it becomes
 * one {@link StandingControl} registration for the standing router, which delivers it to the
 * cameras, {@code "*"} meaning every camera. A bad spec rejects it like a bad query. A tombstone
 * (null value) keyed by a query id is that question's cancel.
 *
 * <p>Client text is echoed truncated ({@link Answers#ECHO_CHARS} code points) whenever it is over
 * its limit. Deadlines are left to the answer operator, which knows when work can start.
 */
public final class QueryFanOut {

  /** camera_id of the single answer to a query whose camera list itself is rejected. */
  public static final String ALL_CAMERAS = "*";

  private final QueryLimits limits;
  private final StandingLimits standingLimits;
  private final RecordDecoder<Query> codec;

  /** A fan-out accepting the Query schemas the job ships, within {@code limits}. */
  public QueryFanOut(QueryLimits limits) {
    this(limits, AvroCodec.queries());
  }

  /**
   * A fan-out with another record decoder: a codec that also accepts extra writer schemas, or one
   * that reads Confluent's wire format through a schema registry.
   */
  public QueryFanOut(QueryLimits limits, RecordDecoder<Query> codec) {
    this(limits, StandingLimits.defaults(), codec);
  }

  /** A fan-out with limits on standing questions too. */
  public QueryFanOut(
      QueryLimits limits, StandingLimits standingLimits, RecordDecoder<Query> codec) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.standingLimits = Objects.requireNonNull(standingLimits, "standingLimits");
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  /**
   * What one query turns into: per-camera work and immediate answers; together they hold one entry
   * per distinct camera id, or a single {@value #ALL_CAMERAS} answer.
   *
   * @param accepted camera queries for the answer operator, in camera list order
   * @param rejected REJECTED answers to publish as they are
   * @param standing a standing question's registration or cancel for the standing router; null for
   *     a one-shot query
   */
  public record Result(
      List<CameraQuery> accepted, List<Answer> rejected, StandingControl standing) {
    public Result {
      accepted = List.copyOf(accepted);
      rejected = List.copyOf(rejected);
    }

    public Result(List<CameraQuery> accepted, List<Answer> rejected) {
      this(accepted, rejected, null);
    }
  }

  /**
   * Decodes a {@code queries} record value and fans it out.
   *
   * @param now job clock (milliseconds since the epoch): CameraQuery.receivedAt, answered_at
   * @throws UndecodableRecordException when the record must be dead-lettered
   */
  public Result fanOut(byte[] value, long now) throws UndecodableRecordException {
    return fanOutDecoded(codec.decode(value), now);
  }

  /**
   * Fans out a {@code queries} record: a tombstone (null value) with a key cancels the standing
   * question whose query_id is the key; anything else as {@link #fanOut(byte[], long)}.
   *
   * @throws UndecodableRecordException when the record must be dead-lettered (a tombstone without a
   *     key, or with a key that is no query id)
   */
  public Result fanOut(byte[] key, byte[] value, long now) throws UndecodableRecordException {
    if (value != null || key == null) {
      return fanOut(value, now);
    }
    String queryId = checkQueryId(new String(key, StandardCharsets.UTF_8));
    return new Result(List.of(), List.of(), StandingControl.cancel(queryId, now));
  }

  /**
   * Fans out a decoded query.
   *
   * @param now job clock (milliseconds since the epoch): CameraQuery.receivedAt, answered_at
   * @throws UndecodableRecordException MALFORMED when query_id is blank or too long
   */
  public Result fanOutDecoded(Query query, long now) throws UndecodableRecordException {
    String queryId = checkQueryId(query.getQueryId());
    String question = query.getQuestion();
    Set<String> cameras = new LinkedHashSet<>(query.getCameraIds());
    List<String> problems = queryProblems(question, query.getMaxNewTokens(), cameras.size());
    String echoed =
        codePoints(question) > limits.maxQuestionChars()
            ? Answers.echo(question, Answers.ECHO_CHARS)
            : question;

    List<CameraQuery> accepted = new ArrayList<>();
    List<Answer> rejected = new ArrayList<>();
    if (!problems.isEmpty()) {
      String reason = String.join("; ", problems);
      if (cameras.isEmpty() || cameras.size() > limits.maxCameras()) {
        rejected.add(reject(queryId, ALL_CAMERAS, echoed, reason, now));
      } else {
        for (String camera : cameras) {
          rejected.add(
              reject(queryId, Answers.echo(camera, Answers.ECHO_CHARS), echoed, reason, now));
        }
      }
      return new Result(accepted, rejected);
    }
    if (query.getStanding() != null) {
      return standing(query, queryId, cameras, now);
    }
    Long deadline = query.getDeadline() == null ? null : query.getDeadline().toEpochMilli();
    for (String camera : cameras) {
      String problem = cameraProblem(camera);
      if (problem != null) {
        rejected.add(
            reject(queryId, Answers.echo(camera, Answers.ECHO_CHARS), question, problem, now));
      } else {
        accepted.add(
            new CameraQuery(
                queryId,
                camera,
                question,
                query.getIssuedAt().toEpochMilli(),
                now,
                query.getMaxNewTokens(),
                deadline));
      }
    }
    return new Result(accepted, rejected);
  }

  /**
   * A standing question: one registration with its valid cameras, or REJECTED answers. Any {@code
   * "*"} makes it a wildcard; the other entries are then redundant.
   */
  private Result standing(Query query, String queryId, Set<String> cameras, long now) {
    String question = query.getQuestion();
    List<String> problems = StandingRule.problems(query.getStanding(), now, standingLimits);
    if (!problems.isEmpty()) {
      String reason = "bad standing spec: " + String.join("; ", problems);
      return new Result(
          List.of(), List.of(reject(queryId, ALL_CAMERAS, question, reason, now)), null);
    }
    List<String> targets = new ArrayList<>();
    List<Answer> rejected = new ArrayList<>();
    if (cameras.contains(StandingControl.ALL_CAMERAS)) {
      targets.add(StandingControl.ALL_CAMERAS);
    } else {
      for (String camera : cameras) {
        String problem = cameraProblem(camera);
        if (problem != null) {
          rejected.add(
              reject(queryId, Answers.echo(camera, Answers.ECHO_CHARS), question, problem, now));
        } else {
          targets.add(camera);
        }
      }
    }
    StandingControl registration =
        targets.isEmpty()
            ? null
            : StandingControl.register(
                queryId,
                targets,
                question,
                query.getIssuedAt().toEpochMilli(),
                now,
                query.getMaxNewTokens(),
                StandingRule.of(query.getStanding()));
    return new Result(List.of(), rejected, registration);
  }

  private String checkQueryId(String queryId) throws UndecodableRecordException {
    if (queryId.isBlank()) {
      throw new UndecodableRecordException(
          Reason.MALFORMED, "query_id is blank: no client could match an answer to it");
    }
    int chars = codePoints(queryId);
    if (chars > limits.maxQueryIdChars()) {
      throw new UndecodableRecordException(
          Reason.MALFORMED,
          "query_id of "
              + chars
              + " characters exceeds the "
              + limits.maxQueryIdChars()
              + " character limit");
    }
    return queryId;
  }

  private List<String> queryProblems(String question, int maxNewTokens, int cameras) {
    List<String> problems = new ArrayList<>();
    if (question.isBlank()) {
      problems.add(question.isEmpty() ? "question is empty" : "question is blank");
    } else {
      int chars = codePoints(question);
      if (chars > limits.maxQuestionChars()) {
        problems.add(
            "question of "
                + chars
                + " characters exceeds the "
                + limits.maxQuestionChars()
                + " character limit");
      }
    }
    if (maxNewTokens < limits.minNewTokens() || maxNewTokens > limits.maxNewTokens()) {
      problems.add(
          "max_new_tokens "
              + maxNewTokens
              + " is outside "
              + limits.minNewTokens()
              + ".."
              + limits.maxNewTokens());
    }
    if (cameras == 0) {
      problems.add("camera_ids is empty");
    } else if (cameras > limits.maxCameras()) {
      problems.add(
          "camera_ids names "
              + cameras
              + " distinct cameras; at most "
              + limits.maxCameras()
              + " per query");
    }
    return problems;
  }

  private String cameraProblem(String camera) {
    if (camera.isBlank()) {
      return camera.isEmpty() ? "camera_id is empty" : "camera_id is blank";
    }
    int chars = codePoints(camera);
    if (chars > limits.maxCameraIdChars()) {
      return "camera_id of "
          + chars
          + " characters exceeds the "
          + limits.maxCameraIdChars()
          + " character limit";
    }
    return null;
  }

  private static Answer reject(
      String queryId, String camera, String question, String reason, long now) {
    return Answers.error(queryId, camera, question, AnswerStatus.REJECTED, reason, now);
  }

  private static int codePoints(String s) {
    return s.codePointCount(0, s.length());
  }
}
