package dev.streamdycoke.model.session;

/**
 * How a session prefills visual tokens.
 *
 * @param lazyPrefill false (default): each token is prefilled into the KV cache when it arrives, so
 *     answering prefills only the question. True: tokens wait until the next answer, which prefills
 *     them once; for CPU-only deployments where frames outnumber questions
 */
public record SessionOptions(boolean lazyPrefill) implements java.io.Serializable {
  public static SessionOptions eager() {
    return new SessionOptions(false);
  }

  public static SessionOptions lazy() {
    return new SessionOptions(true);
  }
}
