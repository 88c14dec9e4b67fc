package dev.streamdycoke.operators.decode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the camera id from a {@code frames} record key (producers key by camera_id as UTF-8), so a
 * dead letter can name its camera even when the value is garbage.
 */
final class CameraKeys {

  private CameraKeys() {}

  /**
   * The key as a camera id, or null when there is none worth recording: no key, a key that is not
   * valid UTF-8, blank, or longer than {@code maxChars} (it is a hint for operators, and a garbage
   * key must not turn into a replacement-character soup or a huge string).
   */
  static String read(byte[] key, int maxChars) {
    if (key == null || key.length == 0 || key.length > 4L * maxChars) {
      return null;
    }
    String id;
    try {
      id =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(key))
              .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    return id.isBlank() || id.length() > maxChars ? null : id;
  }
}
