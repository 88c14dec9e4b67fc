package dev.streamdycoke.model;

/** Closing what was opened when something already failed or is being torn down. */
final class Closeables {
  private Closeables() {}

  /**
   * Closes each non-null resource, ignoring what they throw: the first error is the one to report.
   */
  static void closeQuietly(AutoCloseable... resources) {
    for (AutoCloseable r : resources) {
      if (r != null) {
        try {
          r.close();
        } catch (Exception suppressed) {
          // Already failing or closing; the original error is the one to report.
        }
      }
    }
  }
}
