package dev.streamdycoke.model.session;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.streamdycoke.model.lm.AttentionObserver;
import dev.streamdycoke.model.lm.KvCache;
import dev.streamdycoke.model.lm.Qwen2Model;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One camera's conversation state with the model: the chat template's opening, then the camera's
 * retained visual tokens, prefilled into a KV cache as they arrive, so a question is answered at
 * any moment by prefilling only the question (anytime answering, docs/algorithms.md sections 5 to
 * 7).
 *
 * <p>The KV cache holds rows in cache order: template prefix, then visual tokens in the order they
 * were appended. Evicting a token removes its rows from every layer; the survivors take contiguous
 * positions. Survivors keep the keys and values computed when they were prefilled (having attended
 * to tokens since evicted), as in StreamingLLM and StreamingVLM: recomputing them would be a
 * re-prefill, which is what the cache exists to avoid.
 *
 * <p>The KV cache is operator memory, not Flink state: after a restore, {@link #append} the
 * retained tokens' embeddings into a fresh session (one prefill of at most C tokens).
 *
 * <p>Not thread-safe. Close it to free its KV cache.
 */
public final class StreamingSession implements AutoCloseable {
  private final Qwen2Model model;
  private final PromptCodec prompt;
  private final float[] videoNewline;
  private final SessionOptions options;
  private final NDManager manager;
  private final KvCache cache;
  private final int prefixLength;
  private final List<TokenId> visual = new ArrayList<>();
  private final Set<TokenId> known = new HashSet<>();
  private final LinkedHashMap<TokenId, float[]> pending = new LinkedHashMap<>();

  /**
   * Opens a session and prefills the chat template's opening.
   *
   * @param videoNewline the vector LLaVA-OneVision appends after a video's tokens ({@code
   *     image_newline}), or null for none
   */
  public StreamingSession(
      Qwen2Model model, PromptCodec prompt, float[] videoNewline, SessionOptions options) {
    this.model = model;
    this.prompt = prompt;
    this.videoNewline = videoNewline == null ? null : videoNewline.clone();
    this.options = options;
    this.manager = NDManager.newBaseManager(model.device());
    this.cache = model.newCache(manager);
    int[] prefix = prompt.prefixIds();
    if (prefix.length > 0) {
      try (NDScope scope = new NDScope()) {
        model.forward(model.embed(prefix, manager), cache, AttentionObserver.NONE);
      }
    }
    this.prefixLength = cache.length();
  }

  /**
   * Appends visual tokens, in order, and prefills them (or queues them, when lazy).
   *
   * @param embeddings one vector per id, of the language model's width
   * @throws IllegalArgumentException when an id is already in the session
   */
  public void append(List<TokenId> ids, float[][] embeddings) {
    if (ids.size() != embeddings.length) {
      throw new IllegalArgumentException(
          ids.size() + " ids for " + embeddings.length + " embeddings");
    }
    for (TokenId id : ids) {
      if (known.contains(id)) {
        throw new IllegalArgumentException("token " + id + " is already in the session");
      }
    }
    if (options.lazyPrefill()) {
      for (int i = 0; i < embeddings.length; i++) {
        pending.put(ids.get(i), embeddings[i]);
        known.add(ids.get(i));
      }
      return;
    }
    prefill(ids, embeddings);
  }

  private void prefill(List<TokenId> ids, float[][] embeddings) {
    if (ids.isEmpty()) {
      return;
    }
    try (NDScope scope = new NDScope()) {
      model.forward(model.hidden(embeddings, manager), cache, AttentionObserver.NONE);
    }
    visual.addAll(ids);
    known.addAll(ids);
  }

  private double flushPending() {
    if (pending.isEmpty()) {
      return 0;
    }
    long start = System.nanoTime();
    List<TokenId> ids = new ArrayList<>(pending.keySet());
    float[][] embeddings = pending.values().toArray(new float[0][]);
    pending.clear();
    prefill(ids, embeddings);
    return millisSince(start);
  }

  /**
   * Removes tokens from the session: their keys and values leave every layer. Ids the session does
   * not hold are ignored.
   *
   * @return how many tokens were removed
   */
  public int evict(Collection<TokenId> ids) {
    Set<TokenId> gone = new HashSet<>();
    for (TokenId id : ids) {
      if (known.remove(id)) {
        gone.add(id);
        pending.remove(id);
      }
    }
    if (gone.isEmpty()) {
      return 0;
    }
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < prefixLength; i++) {
      rows.add(i);
    }
    List<TokenId> survivors = new ArrayList<>();
    for (int i = 0; i < visual.size(); i++) {
      if (!gone.contains(visual.get(i))) {
        rows.add(prefixLength + i);
        survivors.add(visual.get(i));
      }
    }
    if (survivors.size() != visual.size()) {
      cache.retain(rows.stream().mapToInt(Integer::intValue).toArray());
      visual.clear();
      visual.addAll(survivors);
    }
    return gone.size();
  }

  /**
   * Answers a question from the tokens as they stand, greedily, with dynamic pruning while
   * decoding. The question's rows leave the KV cache afterwards; the session is as before.
   */
  public SessionAnswer answer(String question, AnswerSettings settings) {
    long start = System.nanoTime();
    double pendingMs = flushPending();
    int base = cache.length();
    DecodingAttention attention =
        new DecodingAttention(prefixLength, visual.size(), model.config().numLayers(), settings);
    List<float[]> logits = new ArrayList<>();
    int[] generated = new int[settings.maxNewTokens()];
    int count = 0;
    double prefillMs;
    double firstTokenMs;
    long decodeStart;
    try (NDScope scope = new NDScope()) {
      long prefillStart = System.nanoTime();
      NDArray last = model.forward(suffix(question), cache, attention);
      int next = pick(model.logits(last), settings, logits);
      prefillMs = millisSince(prefillStart);
      firstTokenMs = millisSince(start);
      decodeStart = System.nanoTime();
      generated[count++] = next;
      attention.startDecoding();
      while (count < settings.maxNewTokens() && !prompt.isStop(next)) {
        try (NDScope step = new NDScope()) {
          last = model.forward(model.embed(new int[] {next}, manager), cache, attention);
          next = pick(model.logits(last), settings, logits);
        }
        generated[count++] = next;
      }
    } finally {
      cache.truncate(base);
    }
    double decodeMs = millisSince(decodeStart);
    int[] ids = java.util.Arrays.copyOf(generated, count);
    int textLength = prompt.isStop(ids[count - 1]) ? count - 1 : count;
    String text = prompt.decode(java.util.Arrays.copyOf(ids, textLength));
    return new SessionAnswer(
        text,
        ids,
        attentionById(attention.mass()),
        visual.size(),
        attention.tokensAttended(),
        new AnswerTimings(pendingMs, prefillMs, firstTokenMs, decodeMs),
        Collections.unmodifiableList(logits));
  }

  private NDArray suffix(String question) {
    NDArray text = model.embed(prompt.questionIds(question), manager);
    if (videoNewline == null) {
      return text;
    }
    NDArray newline = model.hidden(new float[][] {videoNewline}, manager);
    return NDArrays.concat(new NDList(newline, text), 0);
  }

  private static int pick(NDArray logits, AnswerSettings settings, List<float[]> out) {
    if (settings.returnLogits()) {
      out.add(logits.toFloatArray());
    }
    return (int) logits.argMax().getLong();
  }

  private Map<TokenId, Float> attentionById(float[] mass) {
    Map<TokenId, Float> out = new LinkedHashMap<>();
    for (int i = 0; i < mass.length; i++) {
      out.put(visual.get(i), mass[i]);
    }
    return Collections.unmodifiableMap(out);
  }

  private static double millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }

  /** Visual tokens in the session (prefilled or pending), in cache order. */
  public List<TokenId> tokenIds() {
    List<TokenId> out = new ArrayList<>(visual);
    out.addAll(pending.keySet());
    return Collections.unmodifiableList(out);
  }

  public int visualTokenCount() {
    return visual.size() + pending.size();
  }

  public boolean contains(TokenId id) {
    return known.contains(id);
  }

  /** Rows in the KV cache: template prefix plus prefilled visual tokens. */
  public int cachedPositions() {
    return cache.length();
  }

  /** Rows of the chat template's opening. */
  public int prefixLength() {
    return prefixLength;
  }

  /** Bytes of keys and values the session holds in every layer. */
  public long kvBytes() {
    return cache.bytes();
  }

  @Override
  public void close() {
    cache.close();
    manager.close();
  }
}
