package dev.streamdycoke.model.session;

/**
 * A visual token's identity for its whole life: the frame it came from and its spatial cell in that
 * frame. The token cache, the model's KV cache and attention statistics all refer to tokens by it.
 *
 * @param seq the camera's frame counter of the token's frame
 * @param cell the spatial cell, {@code 0 .. tokensPerFrame - 1} in row-major order
 */
public record TokenId(long seq, int cell) implements Comparable<TokenId> {

  @Override
  public int compareTo(TokenId other) {
    int bySeq = Long.compare(seq, other.seq);
    return bySeq != 0 ? bySeq : Integer.compare(cell, other.cell);
  }

  @Override
  public String toString() {
    return seq + ":" + cell;
  }
}
