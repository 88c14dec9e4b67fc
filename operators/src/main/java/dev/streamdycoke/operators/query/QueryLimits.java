package dev.streamdycoke.operators.query;

import java.io.Serializable;

/**
 * What a query may ask for. Queries come from clients, so every unbounded field is bounded here
 * before it fans out into per-camera work or is echoed back in answers.
 *
 * @param maxQuestionChars longest accepted question, in Unicode code points
 * @param maxCameras most distinct cameras one query may name
 * @param minNewTokens smallest accepted max_new_tokens
 * @param maxNewTokens largest accepted max_new_tokens
 * @param maxCameraIdChars longest accepted camera id, in code points
 * @param maxQueryIdChars longest accepted query id, in code points
 */
public record QueryLimits(
    int maxQuestionChars,
    int maxCameras,
    int minNewTokens,
    int maxNewTokens,
    int maxCameraIdChars,
    int maxQueryIdChars)
    implements Serializable {

  public static final int DEFAULT_MAX_QUESTION_CHARS = 1000;
  public static final int DEFAULT_MAX_CAMERAS = 64;
  public static final int DEFAULT_MIN_NEW_TOKENS = 1;
  public static final int DEFAULT_MAX_NEW_TOKENS = 256;
  public static final int DEFAULT_MAX_ID_CHARS = 256;

  public QueryLimits {
    if (maxQuestionChars < 1
        || maxCameras < 1
        || minNewTokens < 1
        || maxNewTokens < minNewTokens
        || maxCameraIdChars < 1
        || maxQueryIdChars < 1) {
      throw new IllegalArgumentException(
          "invalid query limits: "
              + maxQuestionChars
              + " question chars, "
              + maxCameras
              + " cameras, max_new_tokens "
              + minNewTokens
              + ".."
              + maxNewTokens
              + ", ids "
              + maxCameraIdChars
              + "/"
              + maxQueryIdChars
              + " chars");
    }
  }

  /** 1000-character questions, 64 cameras, max_new_tokens 1..256, ids up to 256 characters. */
  public static QueryLimits defaults() {
    return new QueryLimits(
        DEFAULT_MAX_QUESTION_CHARS,
        DEFAULT_MAX_CAMERAS,
        DEFAULT_MIN_NEW_TOKENS,
        DEFAULT_MAX_NEW_TOKENS,
        DEFAULT_MAX_ID_CHARS,
        DEFAULT_MAX_ID_CHARS);
  }

  /** These limits with another question length bound. */
  public QueryLimits withMaxQuestionChars(int chars) {
    return new QueryLimits(
        chars, maxCameras, minNewTokens, maxNewTokens, maxCameraIdChars, maxQueryIdChars);
  }

  /** These limits with another camera count bound. */
  public QueryLimits withMaxCameras(int cameras) {
    return new QueryLimits(
        maxQuestionChars, cameras, minNewTokens, maxNewTokens, maxCameraIdChars, maxQueryIdChars);
  }

  /** These limits with another max_new_tokens range. */
  public QueryLimits withNewTokens(int min, int max) {
    return new QueryLimits(
        maxQuestionChars, maxCameras, min, max, maxCameraIdChars, maxQueryIdChars);
  }
}
