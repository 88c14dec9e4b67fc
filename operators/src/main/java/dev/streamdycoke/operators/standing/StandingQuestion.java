package dev.streamdycoke.operators.standing;

/**
 * One standing question on one camera as keyed state keeps it: what to ask, and where its schedule
 * and its events stand. Everything that decides the next event is here, so a restore from a
 * checkpoint continues the numbering and the hold exactly where the checkpoint left them.
 */
public class StandingQuestion {
  public String queryId;
  public String question;
  public long issuedAt;
  public int maxNewTokens;
  public StandingRule rule;

  /** Frames (the change gate passed) since the last evaluation. */
  public int framesSinceEvaluation;

  /** Capture time of the last evaluated frame; Long.MIN_VALUE before the first. */
  public long lastEvaluatedCapture = Long.MIN_VALUE;

  /** Events emitted on this camera so far; the next one is eventNumber + 1. */
  public long eventNumber;

  /** Answer of the last event; null before the first. */
  public String lastEmitted;

  /** ON_CHANGE hold: the changed answer waiting to be confirmed, and how often it came out. */
  public String candidate;

  public int candidateCount;

  public StandingQuestion() {}

  public static StandingQuestion of(
      String queryId, String question, long issuedAt, int maxNewTokens, StandingRule rule) {
    StandingQuestion q = new StandingQuestion();
    q.queryId = queryId;
    q.question = question;
    q.issuedAt = issuedAt;
    q.maxNewTokens = maxNewTokens;
    q.rule = rule;
    return q;
  }
}
