package dev.streamdycoke.operators.standing;

import java.util.List;

/**
 * A standing question's registration or cancel, as the query fan-out hands it to the {@link
 * StandingRouter}, which broadcasts it to every subtask. Registrations are kept in broadcast state
 * until cancelled, so cameras that appear later still get the wildcard ones.
 */
public class StandingControl {
  /** camera_ids entry meaning every camera, including ones that appear later. */
  public static final String ALL_CAMERAS = "*";

  public String queryId;

  /** True for a cancel; the other fields are then unset except receivedAt. */
  public boolean cancel;

  /** The cameras, or the single entry {@value #ALL_CAMERAS}. */
  public List<String> cameraIds;

  public String question;
  public long issuedAt;

  /** Job clock when the record was read; the same on every subtask the record is broadcast to. */
  public long receivedAt;

  public int maxNewTokens;
  public StandingRule rule;

  public StandingControl() {}

  public static StandingControl register(
      String queryId,
      List<String> cameraIds,
      String question,
      long issuedAt,
      long receivedAt,
      int maxNewTokens,
      StandingRule rule) {
    StandingControl c = new StandingControl();
    c.queryId = queryId;
    c.cameraIds = List.copyOf(cameraIds);
    c.question = question;
    c.issuedAt = issuedAt;
    c.receivedAt = receivedAt;
    c.maxNewTokens = maxNewTokens;
    c.rule = rule;
    return c;
  }

  public static StandingControl cancel(String queryId, long receivedAt) {
    StandingControl c = new StandingControl();
    c.queryId = queryId;
    c.cancel = true;
    c.receivedAt = receivedAt;
    return c;
  }

  /** Whether this registration is for {@code camera}. */
  public boolean covers(String camera) {
    return cameraIds.contains(ALL_CAMERAS) || cameraIds.contains(camera);
  }

  /** Whether the question has expired by {@code now} (capture or job clock, ms). */
  public boolean expiredBy(long now) {
    return rule != null && rule.expiresAt != null && rule.expiresAt <= now;
  }

  @Override
  public String toString() {
    return (cancel ? "cancel " : "register ") + queryId + (cancel ? "" : " on " + cameraIds);
  }
}
