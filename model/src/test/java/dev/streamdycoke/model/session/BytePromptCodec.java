package dev.streamdycoke.model.session;

import dev.streamdycoke.model.checkpoint.StandardConfigs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The tiny checkpoint's ChatML prompt with one token per UTF-8 byte, for tests that need no
 * tokenizer file.
 */
public final class BytePromptCodec implements PromptCodec {
  private final boolean stops;

  /**
   * @param stops whether {@code <|im_end|>} ends an answer; off forces full-length decoding
   */
  public BytePromptCodec(boolean stops) {
    this.stops = stops;
  }

  @Override
  public int[] prefixIds() {
    return concat(new int[] {StandardConfigs.TINY_IM_START}, bytes("user "));
  }

  @Override
  public int[] questionIds(String question) {
    return concat(
        bytes("\n" + question),
        new int[] {StandardConfigs.TINY_IM_END, StandardConfigs.TINY_IM_START},
        bytes("assistant\n"));
  }

  @Override
  public boolean isStop(int id) {
    return stops && (id == StandardConfigs.TINY_IM_END || id == StandardConfigs.TINY_ENDOFTEXT);
  }

  @Override
  public String decode(int[] ids) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int id : ids) {
      if (id < 256) {
        out.write(id);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int[] bytes(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    int[] out = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i] & 0xff;
    }
    return out;
  }

  private static int[] concat(int[]... parts) {
    int n = 0;
    for (int[] p : parts) {
      n += p.length;
    }
    int[] out = new int[n];
    int i = 0;
    for (int[] p : parts) {
      System.arraycopy(p, 0, out, i, p.length);
      i += p.length;
    }
    return out;
  }
}
