package dev.streamdycoke.operators.records;

/** One camera's share of a Query: a Query naming N cameras fans out into N of these. */
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

  @Override
  public String toString() {
    return queryId + "@" + cameraId;
  }
}
