package dev.streamdycoke.operators.records;

import dev.streamdycoke.operators.standing.StandingRule;

/**
 * One camera's share of a Query: a Query naming N cameras fans out into N of these. For a standing
 * question it is the question's registration on the camera ({@link #standing} set) or its cancel
 * ({@link #cancel}), as the standing router delivers them.
 */
public class CameraQuery {
  public String queryId;
  public String cameraId;
  public String question;

  /** Client clock, milliseconds since the epoch. */
  public long issuedAt;

  /** Job clock when the query was read, the start of its queue time. */
  public long receivedAt;

  public int maxNewTokens;

  /** Milliseconds since the epoch after which no answer is wanted; null for none. */
  public Long deadline;

  /** Set when this registers a standing question on the camera; null for a one-shot query. */
  public StandingRule standing;

  /** True when this cancels the standing question {@link #queryId} on the camera. */
  public boolean cancel;

  public CameraQuery() {}

  public CameraQuery(
      String queryId,
      String cameraId,
      String question,
      long issuedAt,
      long receivedAt,
      int maxNewTokens,
      Long deadline) {
    this.queryId = queryId;
    this.cameraId = cameraId;
    this.question = question;
    this.issuedAt = issuedAt;
    this.receivedAt = receivedAt;
    this.maxNewTokens = maxNewTokens;
    this.deadline = deadline;
  }

  /** This query as the registration of a standing question. */
  public CameraQuery standing(StandingRule rule) {
    this.standing = rule;
    return this;
  }

  /** The cancel of standing question {@code queryId} on {@code cameraId}. */
  public static CameraQuery cancelOf(String queryId, String cameraId, long receivedAt) {
    CameraQuery q = new CameraQuery(queryId, cameraId, "", 0L, receivedAt, 1, null);
    q.cancel = true;
    return q;
  }

  @Override
  public String toString() {
    return (cancel ? "cancel " : standing != null ? "standing " : "") + queryId + "@" + cameraId;
  }
}
