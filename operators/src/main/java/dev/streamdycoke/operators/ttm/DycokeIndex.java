package dev.streamdycoke.operators.ttm;

/**
 * The stored index of a {@link DycokeState}, as a Flink POJO: everything but the token rows. The
 * anchor's rows are those of seq {@link #anchorSeq}, cells {@code 0..anchorNorms.length - 1}, and
 * likewise for the mid frame; a frame is absent when its norms are null.
 */
public class DycokeIndex {
  public long lastSeq = Long.MIN_VALUE;
  public long anchorSeq;
  public float[] anchorNorms;
  public long midSeq;
  public float[] midNorms;
  public boolean[] midKept;

  public DycokeIndex() {}
}
