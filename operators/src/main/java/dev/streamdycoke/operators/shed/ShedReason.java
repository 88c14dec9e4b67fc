package dev.streamdycoke.operators.shed;

/** Why a frame was shed; each reason has its own counter, {@code framesShed_<REASON>}. */
public enum ShedReason {
  /** Older than the bound when it reached the decode stage; its image was never decoded. */
  STALE_BEFORE_DECODE,
  /** Older than the bound when its micro-batch was about to be encoded. */
  STALE_BEFORE_ENCODE;

  public String metricName() {
    return "framesShed_" + name();
  }
}
