package dev.streamdycoke.operators.decode;

/**
 * Recognises image files by their leading bytes, so that a frame whose format field lies can be
 * reported as such ("data is a PNG file") instead of as an opaque decoder error.
 */
final class Signatures {

  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final byte[] GIF = {'G', 'I', 'F', '8'};
  private static final byte[] BMP = {'B', 'M'};
  private static final byte[] RIFF = {'R', 'I', 'F', 'F'};
  private static final byte[] WEBP = {'W', 'E', 'B', 'P'};

  private Signatures() {}

  /** "JPEG", "PNG", "GIF", "WEBP" or "BMP" when {@code data} starts like one, else null. */
  static String identify(byte[] data, int off, int len) {
    if (startsWith(data, off, len, 0, JPEG)) {
      return "JPEG";
    }
    if (startsWith(data, off, len, 0, PNG)) {
      return "PNG";
    }
    if (startsWith(data, off, len, 0, GIF)) {
      return "GIF";
    }
    if (startsWith(data, off, len, 0, RIFF) && startsWith(data, off, len, 8, WEBP)) {
      return "WEBP";
    }
    // Two bytes are a weak signal, but BMP is only named in a message, never trusted.
    if (startsWith(data, off, len, 0, BMP) && len >= 26) {
      return "BMP";
    }
    return null;
  }

  /** The first bytes as hex, for messages about data that is no known image. */
  static String hexPrefix(byte[] data, int off, int len, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(len, max); i++) {
      sb.append(i == 0 ? "" : " ").append(String.format("%02X", data[off + i] & 0xff));
    }
    return sb.length() == 0 ? "(none)" : sb.toString();
  }

  private static boolean startsWith(byte[] data, int off, int len, int at, byte[] sig) {
    if (len < at + sig.length) {
      return false;
    }
    for (int i = 0; i < sig.length; i++) {
      if (data[off + at + i] != sig[i]) {
        return false;
      }
    }
    return true;
  }
}
